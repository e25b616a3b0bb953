-- combine best: compiled from the plan IR for postgres (spec/language.md §34)
WITH m AS (
  SELECT id AS mid, birth_date AS birth_date, enrolled_since AS enrolled_since, "groups" AS grps
  FROM members
),
isum AS (
  SELECT claim AS sum_claim, SUM(CASE WHEN class = 'in' THEN CAST(amount AS NUMERIC(38, 2)) ELSE 0 END) AS sum_in,
    SUM(CASE WHEN class = 'out' THEN CAST(amount AS NUMERIC(38, 2)) ELSE 0 END) AS sum_out,
    MIN(CASE WHEN amount IS NULL OR CAST(amount AS NUMERIC(38, 6)) < 0 OR CAST(amount AS NUMERIC(38, 6)) >= 1000000000 OR CAST(amount AS NUMERIC(38, 6)) <> CAST(amount AS NUMERIC(38, 2)) THEN position END) AS bad_item_amount,
    MIN(CASE WHEN class IS NULL OR class NOT IN ('in', 'out') THEN position END) AS bad_item_class
  FROM items
  GROUP BY claim
),
c0 AS (
  SELECT c.id AS id, c.member AS member, c.date AS date, c.setting AS setting, c.flags AS flags,
    CAST(COALESCE(CAST(c.in_policy_self_pay AS NUMERIC(38, 2)), s.sum_in, 0) * 100 AS BIGINT) AS in_fen, CAST(COALESCE(CAST(c.out_of_policy_self_pay AS NUMERIC(38, 2)), s.sum_out, 0) * 100 AS BIGINT) AS out_fen, CAST(COALESCE(CAST(c.over_limit_self_pay AS NUMERIC(38, 2)), 0) * 100 AS BIGINT) AS over_fen,
    CAST(c.in_policy_self_pay AS NUMERIC(38, 6)) AS given_in_policy_self_pay, CAST(c.out_of_policy_self_pay AS NUMERIC(38, 6)) AS given_out_of_policy_self_pay, CAST(c.over_limit_self_pay AS NUMERIC(38, 6)) AS given_over_limit_self_pay, s.sum_in AS isum_in, s.sum_out AS isum_out, s.bad_item_amount, s.bad_item_class, m.*
  FROM claims c LEFT JOIN m ON m.mid = c.member LEFT JOIN isum s ON s.sum_claim = c.id
),
c1 AS (
  SELECT *, CAST(EXTRACT(YEAR FROM date) AS INTEGER) AS y, 1 AS ys_m, 1 AS ys_d
  FROM c0
),
c1r AS (
  SELECT *, CASE WHEN mid IS NULL THEN 'YR002|' WHEN date IS NULL THEN 'YR001|date' WHEN setting IS NULL THEN 'YR001|setting' WHEN setting NOT IN ('inpatient', 'outpatient', 'chronic_outpatient', 'pharmacy', 'maternity') THEN 'YR008|setting|' || setting WHEN (SELECT u.f FROM unnest(flags) WITH ORDINALITY AS u(f, n) WHERE u.f NOT IN ('work_injury', 'third_party', 'public_health', 'abroad') ORDER BY u.n LIMIT 1) IS NOT NULL THEN 'YR008|flag|' || (SELECT u.f FROM unnest(flags) WITH ORDINALITY AS u(f, n) WHERE u.f NOT IN ('work_injury', 'third_party', 'public_health', 'abroad') ORDER BY u.n LIMIT 1) WHEN given_in_policy_self_pay < 0 OR given_in_policy_self_pay >= 1000000000 OR given_in_policy_self_pay <> CAST(given_in_policy_self_pay AS NUMERIC(38, 2)) THEN 'YR001|inPolicySelfPay' WHEN given_out_of_policy_self_pay < 0 OR given_out_of_policy_self_pay >= 1000000000 OR given_out_of_policy_self_pay <> CAST(given_out_of_policy_self_pay AS NUMERIC(38, 2)) THEN 'YR001|outOfPolicySelfPay' WHEN given_over_limit_self_pay < 0 OR given_over_limit_self_pay >= 1000000000 OR given_over_limit_self_pay <> CAST(given_over_limit_self_pay AS NUMERIC(38, 2)) THEN 'YR001|overLimitSelfPay' WHEN isum_in >= 1000000000 OR isum_out >= 1000000000 THEN 'YR011|' WHEN bad_item_amount IS NOT NULL THEN 'YR001|items/' || CAST(bad_item_amount - 1 AS TEXT) || '/amount' WHEN bad_item_class IS NOT NULL THEN 'YR001|items/' || CAST(bad_item_class - 1 AS TEXT) || '/class' WHEN birth_date IS NOT NULL AND date < birth_date THEN 'YR014|' || CAST(birth_date AS TEXT) WHEN given_in_policy_self_pay IS NOT NULL AND isum_in IS NOT NULL AND isum_in > given_in_policy_self_pay THEN 'YR004|in|' || CAST(CAST(given_in_policy_self_pay AS NUMERIC(38, 2)) AS TEXT) || '|' || CAST(CAST(isum_in AS NUMERIC(38, 2)) AS TEXT) WHEN given_out_of_policy_self_pay IS NOT NULL AND isum_out IS NOT NULL AND isum_out > given_out_of_policy_self_pay THEN 'YR004|out|' || CAST(CAST(given_out_of_policy_self_pay AS NUMERIC(38, 2)) AS TEXT) || '|' || CAST(CAST(isum_out AS NUMERIC(38, 2)) AS TEXT) END AS rq
  FROM c1
),
c2 AS (
  SELECT *, rq IS NULL AND date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' AS ok, CASE WHEN rq IS NOT NULL THEN NULL WHEN NOT (date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31') THEN 0 END AS excl
  FROM c1r
),
c3 AS (
  SELECT c2.*,
    in_fen AS net_in, out_fen AS net_out
    
  FROM c2
),
k0 AS (
  SELECT *, COALESCE((COALESCE('低保' = ANY(grps), FALSE)), FALSE) AS t_0,
    COALESCE((COALESCE('特困' = ANY(grps), FALSE)), FALSE) AS t_1,
    ok AND TRUE AS ap_0,
    CASE WHEN ok AND TRUE THEN GREATEST(net_in, 0) ELSE 0 END AS a_0,
    CAST(600000 AS BIGINT) AS d_0,
    CAST(5000 AS BIGINT) AS r_0
  FROM c3
),
e0 AS (
  SELECT *, CASE WHEN rq IS NOT NULL OR NOT (date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31') THEN NULL ELSE NULL END AS ev
  FROM k0
),
tilt_0 AS (
  SELECT *, (CASE WHEN t_0 OR t_1 THEN LEAST(CASE WHEN t_0 THEN GREATEST(((d_0 * GREATEST(10000 - CAST(5000 AS BIGINT), 0) + 5000) / 10000), 0) ELSE CAST(9000000000000000 AS BIGINT) END, CASE WHEN t_1 THEN GREATEST((d_0 - CAST(400000 AS BIGINT)), 0) ELSE CAST(9000000000000000 AS BIGINT) END) ELSE d_0 END) AS d_0__0,
    (CASE WHEN t_0 OR t_1 THEN GREATEST(CASE WHEN t_0 THEN LEAST(GREATEST((r_0 + CAST(1500 AS BIGINT)), 0), 10000) ELSE CAST(-1 AS BIGINT) END, CASE WHEN t_1 THEN LEAST(GREATEST((r_0 + CAST(1000 AS BIGINT)), 0), 10000) ELSE CAST(-1 AS BIGINT) END) ELSE r_0 END) AS r_0__0
  FROM e0
),
k AS (
  SELECT id, member, date, y, COALESCE(rq, ev) AS err, CASE WHEN ev IS NULL THEN excl END AS excl, in_fen + out_fen + over_fen AS total_fen, (ap_0 AND rq IS NULL AND ev IS NULL) AS ap_0, CASE WHEN rq IS NULL AND ev IS NULL THEN a_0 ELSE 0 END AS a_0, d_0__0, r_0__0
  FROM tilt_0
),
w1 AS (
  SELECT *, CAST(SUM(a_0) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cum_0
  FROM k
),
w2 AS (
  SELECT *
  FROM w1
),
p AS (
  SELECT *, CASE WHEN ap_0 THEN GREATEST(((r_0__0 * GREATEST(cum_0 - d_0__0, 0) + 5000) / 10000) - ((r_0__0 * GREATEST((cum_0 - a_0) - d_0__0, 0) + 5000) / 10000), 0) ELSE CAST(0 AS BIGINT) END AS p_0
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
SELECT id AS id, member AS member, date AS date, err AS error, excl AS excluded_by, total_fen, (pay_0) AS payout_fen,
  pay_0 AS "R1_fen",
  a_0 AS "R1_eligible_fen",
  dd_0 AS "R1_deductible_fen",
  ap_0 AS "R1_applies"
FROM paid
ORDER BY member COLLATE "C", date, id COLLATE "C"
