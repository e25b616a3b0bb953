-- 青岛市大病医疗保险（示例）: compiled from the plan IR for spark (spec/language.md §34)
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
    CASE WHEN c.date BETWEEN DATE '2017-01-01' AND DATE '2021-12-31' AND c.setting IN ('inpatient', 'chronic_outpatient') THEN GREATEST(c.in_policy_self_pay, 0) ELSE 0 END AS a0
  FROM c
),
accumulated AS (
  SELECT *, SUM(a0) OVER (PARTITION BY member, y ORDER BY date, id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS a0_after
  FROM amounts
),
paid AS (
  SELECT id, member, date, GREATEST(CAST(FLOOR(CAST((LEAST(CAST(6000 AS BIGINT) * GREATEST(a0_after - CAST(1500000 AS BIGINT), 0), CAST(40000000 AS BIGINT) * 10000) + 5000) AS DECIMAL(38, 0)) / 10000) AS BIGINT) - CAST(FLOOR(CAST((LEAST(CAST(6000 AS BIGINT) * GREATEST((a0_after - a0) - CAST(1500000 AS BIGINT), 0), CAST(40000000 AS BIGINT) * 10000) + 5000) AS DECIMAL(38, 0)) / 10000) AS BIGINT), 0) AS `大病`
  FROM accumulated
)
SELECT id, member, date, (`大病`) AS payout_fen, `大病` AS `大病_fen`
FROM paid
ORDER BY member, date, id
