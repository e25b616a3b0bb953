-- versioned params: compiled from the plan IR for spark (spec/language.md §34)
WITH c AS (
  SELECT id, member, date, setting,
    CAST(COALESCE(CAST(in_policy_self_pay AS DECIMAL(18, 2)), 0) * 100 AS BIGINT) AS in_policy_self_pay,
    CAST(COALESCE(CAST(out_of_policy_self_pay AS DECIMAL(18, 2)), 0) * 100 AS BIGINT) AS out_of_policy_self_pay,
    CAST(COALESCE(CAST(over_limit_self_pay AS DECIMAL(18, 2)), 0) * 100 AS BIGINT) AS over_limit_self_pay
  FROM claims
  -- A claim of a member the members table does not have is not settled (the engine rejects it).
  WHERE member IN (SELECT id FROM members)
),
amounts AS (
  SELECT c.id, c.member, c.date, year(c.date) AS y,
    CASE WHEN c.date BETWEEN DATE '2024-01-01' AND DATE '2025-12-31' AND TRUE THEN GREATEST(c.in_policy_self_pay, 0) ELSE 0 END AS a0
  FROM c
),
accumulated AS (
  SELECT *, SUM(a0) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS a0_after
  FROM amounts
),
paid AS (
  SELECT id, member, date, GREATEST(CAST(FLOOR(CAST(((CASE WHEN date >= DATE '2024-01-01' AND date <= DATE '2025-06-30' THEN CAST(5000 AS BIGINT) WHEN date >= DATE '2025-07-01' THEN CAST(6000 AS BIGINT) END) * GREATEST(a0_after - (CASE WHEN date >= DATE '2024-01-01' AND date <= DATE '2024-12-31' THEN CAST(800000 AS BIGINT) WHEN date >= DATE '2025-01-01' THEN CAST(600000 AS BIGINT) END), 0) + 5000) AS DECIMAL(38, 0)) / 10000) AS BIGINT) - CAST(FLOOR(CAST(((CASE WHEN date >= DATE '2024-01-01' AND date <= DATE '2025-06-30' THEN CAST(5000 AS BIGINT) WHEN date >= DATE '2025-07-01' THEN CAST(6000 AS BIGINT) END) * GREATEST((a0_after - a0) - (CASE WHEN date >= DATE '2024-01-01' AND date <= DATE '2024-12-31' THEN CAST(800000 AS BIGINT) WHEN date >= DATE '2025-01-01' THEN CAST(600000 AS BIGINT) END), 0) + 5000) AS DECIMAL(38, 0)) / 10000) AS BIGINT), 0) AS `R1`
  FROM accumulated
)
SELECT id, member, date, (`R1`) AS payout_fen, `R1` AS `R1_fen`
FROM paid
ORDER BY member, date, id
