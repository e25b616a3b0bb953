-- whole amount: compiled from the plan IR for trino (spec/language.md §34)
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
    CASE WHEN c.date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' AND c.setting IN ('inpatient') THEN GREATEST(c.in_policy_self_pay, 0) ELSE 0 END AS a0,
    CASE WHEN c.date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' AND c.setting IN ('outpatient') THEN GREATEST(c.in_policy_self_pay, 0) ELSE 0 END AS a1
  FROM c
),
accumulated AS (
  SELECT *, SUM(a0) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS a0_after,
    SUM(a1) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS a1_after
  FROM amounts
),
paid AS (
  SELECT id, member, date, GREATEST((((CASE WHEN GREATEST(a0_after - CAST(1000000 AS BIGINT), 0) >= CAST(0 AS BIGINT) AND GREATEST(a0_after - CAST(1000000 AS BIGINT), 0) < CAST(5000000 AS BIGINT) THEN CAST(5000 AS BIGINT) WHEN GREATEST(a0_after - CAST(1000000 AS BIGINT), 0) >= CAST(5000000 AS BIGINT) THEN CAST(7000 AS BIGINT) ELSE 0 END) * GREATEST(a0_after - CAST(1000000 AS BIGINT), 0) + 5000) / 10000) - (((CASE WHEN GREATEST((a0_after - a0) - CAST(1000000 AS BIGINT), 0) >= CAST(0 AS BIGINT) AND GREATEST((a0_after - a0) - CAST(1000000 AS BIGINT), 0) < CAST(5000000 AS BIGINT) THEN CAST(5000 AS BIGINT) WHEN GREATEST((a0_after - a0) - CAST(1000000 AS BIGINT), 0) >= CAST(5000000 AS BIGINT) THEN CAST(7000 AS BIGINT) ELSE 0 END) * GREATEST((a0_after - a0) - CAST(1000000 AS BIGINT), 0) + 5000) / 10000), 0) AS "R1",
    GREATEST((((CASE WHEN a1_after >= CAST(0 AS BIGINT) AND a1_after < CAST(500000 AS BIGINT) THEN CAST(4000 AS BIGINT) WHEN a1_after >= CAST(500000 AS BIGINT) THEN CAST(6000 AS BIGINT) ELSE 0 END) * GREATEST(a1_after - CAST(100000 AS BIGINT), 0) + 5000) / 10000) - (((CASE WHEN (a1_after - a1) >= CAST(0 AS BIGINT) AND (a1_after - a1) < CAST(500000 AS BIGINT) THEN CAST(4000 AS BIGINT) WHEN (a1_after - a1) >= CAST(500000 AS BIGINT) THEN CAST(6000 AS BIGINT) ELSE 0 END) * GREATEST((a1_after - a1) - CAST(100000 AS BIGINT), 0) + 5000) / 10000), 0) AS "R2"
  FROM accumulated
)
SELECT id, member, date, ("R1" + "R2") AS payout_fen, "R1" AS "R1_fen", "R2" AS "R2_fen"
FROM paid
ORDER BY member, date, id
