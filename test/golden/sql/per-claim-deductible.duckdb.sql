-- per-claim deductible: compiled from the plan IR for duckdb (spec/language.md §34)
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
    SUM(a0 - LEAST(a0, CAST(50000 AS BIGINT))) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS x0_after,
    SUM(a1) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS a1_after,
    SUM(a1 - LEAST(a1, CAST(50000 AS BIGINT))) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS x1_after
  FROM amounts
),
paid AS (
  SELECT id, member, date, GREATEST(((CAST(6000 AS BIGINT) * x0_after + 5000) // 10000) - ((CAST(6000 AS BIGINT) * (x0_after - (a0 - LEAST(a0, CAST(50000 AS BIGINT)))) + 5000) // 10000), 0) AS "R1",
    GREATEST((((CAST(5000 AS BIGINT) * LEAST(GREATEST(x1_after - CAST(0 AS BIGINT), 0), CAST(200000 AS BIGINT) - CAST(0 AS BIGINT)) + CAST(7000 AS BIGINT) * GREATEST(x1_after - CAST(200000 AS BIGINT), 0)) + 5000) // 10000) - (((CAST(5000 AS BIGINT) * LEAST(GREATEST((x1_after - (a1 - LEAST(a1, CAST(50000 AS BIGINT)))) - CAST(0 AS BIGINT), 0), CAST(200000 AS BIGINT) - CAST(0 AS BIGINT)) + CAST(7000 AS BIGINT) * GREATEST((x1_after - (a1 - LEAST(a1, CAST(50000 AS BIGINT)))) - CAST(200000 AS BIGINT), 0)) + 5000) // 10000), 0) AS "R2"
  FROM accumulated
)
SELECT id, member, date, ("R1" + "R2") AS payout_fen, "R1" AS "R1_fen", "R2" AS "R2_fen"
FROM paid
ORDER BY member, date, id
