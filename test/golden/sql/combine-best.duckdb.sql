-- combine best: compiled from the plan IR for duckdb (spec/language.md §34)
WITH m AS (
  SELECT id AS mid, birth_date AS birth_date, enrolled_since AS enrolled_since, "groups" AS grps
  FROM members
),
isum AS (
  SELECT claim AS sum_claim, SUM(CASE WHEN class = 'in' THEN CAST(amount AS DECIMAL(38, 2)) ELSE 0 END) AS sum_in,
    SUM(CASE WHEN class = 'out' THEN CAST(amount AS DECIMAL(38, 2)) ELSE 0 END) AS sum_out
  FROM items
  GROUP BY claim
),
c0 AS (
  SELECT c.id AS id, c.member AS member, c.date AS date, c.setting AS setting,
    CAST(COALESCE(CAST(c.in_policy_self_pay AS DECIMAL(38, 2)), s.sum_in, 0) * 100 AS BIGINT) AS in_fen, CAST(COALESCE(CAST(c.out_of_policy_self_pay AS DECIMAL(38, 2)), s.sum_out, 0) * 100 AS BIGINT) AS out_fen, CAST(COALESCE(CAST(c.over_limit_self_pay AS DECIMAL(38, 2)), 0) * 100 AS BIGINT) AS over_fen, m.*
  FROM claims c JOIN m ON m.mid = c.member LEFT JOIN isum s ON s.sum_claim = c.id
),
c1 AS (
  SELECT *, year(date) AS y, 1 AS ys_m, 1 AS ys_d
  FROM c0
),
c2 AS (
  SELECT *, date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' AS ok
  FROM c1
),
c3 AS (
  SELECT c2.*,
    in_fen AS net_in, out_fen AS net_out
  FROM c2
),
k0 AS (
  SELECT *, COALESCE((COALESCE(list_contains(grps, '低保'), FALSE)), FALSE) AS t_0,
    COALESCE((COALESCE(list_contains(grps, '特困'), FALSE)), FALSE) AS t_1,
    ok AND TRUE AS ap_0,
    CASE WHEN ok AND TRUE THEN GREATEST(net_in, 0) ELSE 0 END AS a_0,
    CAST(600000 AS BIGINT) AS d_0,
    CAST(5000 AS BIGINT) AS r_0
  FROM c3
),
tilt_0 AS (
  SELECT *, (CASE WHEN t_0 OR t_1 THEN LEAST(CASE WHEN t_0 THEN GREATEST(((d_0 * GREATEST(10000 - CAST(5000 AS BIGINT), 0) + 5000) // 10000), 0) ELSE CAST(9000000000000000 AS BIGINT) END, CASE WHEN t_1 THEN GREATEST((d_0 - CAST(400000 AS BIGINT)), 0) ELSE CAST(9000000000000000 AS BIGINT) END) ELSE d_0 END) AS d_0__0,
    (CASE WHEN t_0 OR t_1 THEN GREATEST(CASE WHEN t_0 THEN LEAST(GREATEST((r_0 + CAST(1500 AS BIGINT)), 0), 10000) ELSE CAST(-1 AS BIGINT) END, CASE WHEN t_1 THEN LEAST(GREATEST((r_0 + CAST(1000 AS BIGINT)), 0), 10000) ELSE CAST(-1 AS BIGINT) END) ELSE r_0 END) AS r_0__0
  FROM k0
),
w1 AS (
  SELECT *, CAST(SUM(a_0) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cum_0
  FROM tilt_0
),
w2 AS (
  SELECT *
  FROM w1
),
p AS (
  SELECT *, CASE WHEN ap_0 THEN GREATEST(((r_0__0 * GREATEST(cum_0 - d_0__0, 0) + 5000) // 10000) - ((r_0__0 * GREATEST((cum_0 - a_0) - d_0__0, 0) + 5000) // 10000), 0) ELSE CAST(0 AS BIGINT) END AS p_0
  FROM w2
),
q AS (
  SELECT *, p_0 AS q_0
  FROM p
),
s AS (
  SELECT *
  FROM q
),
paid AS (
  SELECT *, q_0 AS pay_0,
    CASE WHEN ap_0 THEN (a_0 - (GREATEST(cum_0 - d_0__0, 0) - GREATEST(cum_0 - a_0 - d_0__0, 0))) ELSE CAST(0 AS BIGINT) END AS dd_0
  FROM s
)
SELECT id AS id, member AS member, date AS date, (pay_0) AS payout_fen,
  pay_0 AS "R1_fen",
  a_0 AS "R1_eligible_fen",
  dd_0 AS "R1_deductible_fen"
FROM paid
ORDER BY member, date, id
