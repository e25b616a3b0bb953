-- 威你保 2024版: compiled from the plan IR for postgres (spec/language.md §34)
WITH m AS (
  SELECT id AS mid, birth_date AS birth_date, enrolled_since AS enrolled_since, "groups" AS grps, "parentsInsured" AS ma_0
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
  SELECT *, CASE WHEN mid IS NULL THEN 'YR002|' WHEN enrolled_since IS NULL THEN 'YR002|member' WHEN date IS NULL THEN 'YR001|date' WHEN setting IS NULL THEN 'YR001|setting' WHEN setting NOT IN ('inpatient', 'outpatient', 'chronic_outpatient', 'pharmacy', 'maternity', '高值药品') THEN 'YR008|setting|' || setting WHEN (SELECT u.f FROM unnest(flags) WITH ORDINALITY AS u(f, n) WHERE u.f NOT IN ('work_injury', 'third_party', 'public_health', 'abroad') ORDER BY u.n LIMIT 1) IS NOT NULL THEN 'YR008|flag|' || (SELECT u.f FROM unnest(flags) WITH ORDINALITY AS u(f, n) WHERE u.f NOT IN ('work_injury', 'third_party', 'public_health', 'abroad') ORDER BY u.n LIMIT 1) WHEN given_in_policy_self_pay < 0 OR given_in_policy_self_pay >= 1000000000 OR given_in_policy_self_pay <> CAST(given_in_policy_self_pay AS NUMERIC(38, 2)) THEN 'YR001|inPolicySelfPay' WHEN given_out_of_policy_self_pay < 0 OR given_out_of_policy_self_pay >= 1000000000 OR given_out_of_policy_self_pay <> CAST(given_out_of_policy_self_pay AS NUMERIC(38, 2)) THEN 'YR001|outOfPolicySelfPay' WHEN given_over_limit_self_pay < 0 OR given_over_limit_self_pay >= 1000000000 OR given_over_limit_self_pay <> CAST(given_over_limit_self_pay AS NUMERIC(38, 2)) THEN 'YR001|overLimitSelfPay' WHEN isum_in >= 1000000000 OR isum_out >= 1000000000 THEN 'YR011|' WHEN bad_item_amount IS NOT NULL THEN 'YR001|items/' || CAST(bad_item_amount - 1 AS TEXT) || '/amount' WHEN bad_item_class IS NOT NULL THEN 'YR001|items/' || CAST(bad_item_class - 1 AS TEXT) || '/class' WHEN birth_date IS NOT NULL AND date < birth_date THEN 'YR014|' || CAST(birth_date AS TEXT) WHEN given_in_policy_self_pay IS NOT NULL AND isum_in IS NOT NULL AND isum_in > given_in_policy_self_pay THEN 'YR004|in|' || CAST(CAST(given_in_policy_self_pay AS NUMERIC(38, 2)) AS TEXT) || '|' || CAST(CAST(isum_in AS NUMERIC(38, 2)) AS TEXT) WHEN given_out_of_policy_self_pay IS NOT NULL AND isum_out IS NOT NULL AND isum_out > given_out_of_policy_self_pay THEN 'YR004|out|' || CAST(CAST(given_out_of_policy_self_pay AS NUMERIC(38, 2)) AS TEXT) || '|' || CAST(CAST(isum_out AS NUMERIC(38, 2)) AS TEXT) END AS rq
  FROM c1
),
c2 AS (
  SELECT *, rq IS NULL AND date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31' AND NOT COALESCE(COALESCE('work_injury' = ANY(flags), FALSE) OR COALESCE('third_party' = ANY(flags), FALSE) OR COALESCE('public_health' = ANY(flags), FALSE) OR COALESCE('abroad' = ANY(flags), FALSE), FALSE) AS ok, CASE WHEN rq IS NOT NULL THEN NULL WHEN NOT (date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31') THEN 0 WHEN COALESCE(COALESCE('work_injury' = ANY(flags), FALSE), FALSE) THEN 2 WHEN COALESCE(COALESCE('third_party' = ANY(flags), FALSE), FALSE) THEN 3 WHEN COALESCE(COALESCE('public_health' = ANY(flags), FALSE), FALSE) THEN 4 WHEN COALESCE(COALESCE('abroad' = ANY(flags), FALSE), FALSE) THEN 5 END AS excl
  FROM c1r
),
it0 AS (
  SELECT k.*, i.position AS item_pos, i.code AS item_code, i.class AS item_class, COALESCE(i.category, '') AS item_category,
    CAST(COALESCE(CAST(i.amount AS NUMERIC(38, 2)), 0) * 100 AS BIGINT) AS item_fen
  FROM items i JOIN c2 k ON k.id = i.claim
),
ia AS (
  SELECT id AS ia_id,
    CAST(SUM(CASE WHEN (ok AND TRUE AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND NOT FALSE AND ((TRUE AND item_code IN ('WH-TY-01', 'WH-TY-02', 'WH-TY-03', 'WH-TY-04', 'WH-TY-05', 'WH-TY-06', 'WH-TY-07', 'WH-TY-08', 'WH-TY-09', 'WH-TY-10', 'WH-TY-11', 'WH-TY-12', 'WH-TY-13', 'WH-TY-14', 'WH-TY-15', 'WH-TY-16', 'WH-TY-17')))) THEN item_fen ELSE 0 END) AS BIGINT) AS it_0_0,
    CAST(SUM(CASE WHEN (((ok AND TRUE AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND NOT FALSE AND ((TRUE AND item_code IN ('WH-TY-01', 'WH-TY-02', 'WH-TY-03', 'WH-TY-04', 'WH-TY-05', 'WH-TY-06', 'WH-TY-07', 'WH-TY-08', 'WH-TY-09', 'WH-TY-10', 'WH-TY-11', 'WH-TY-12', 'WH-TY-13', 'WH-TY-14', 'WH-TY-15', 'WH-TY-16', 'WH-TY-17')))))) AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'in' THEN item_fen ELSE 0 END) AS BIGINT) AS hin_1,
    CAST(SUM(CASE WHEN (((ok AND TRUE AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND NOT FALSE AND ((TRUE AND item_code IN ('WH-TY-01', 'WH-TY-02', 'WH-TY-03', 'WH-TY-04', 'WH-TY-05', 'WH-TY-06', 'WH-TY-07', 'WH-TY-08', 'WH-TY-09', 'WH-TY-10', 'WH-TY-11', 'WH-TY-12', 'WH-TY-13', 'WH-TY-14', 'WH-TY-15', 'WH-TY-16', 'WH-TY-17')))))) AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'out' THEN item_fen ELSE 0 END) AS BIGINT) AS hout_1,
    CAST(SUM(CASE WHEN (((ok AND TRUE AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND NOT FALSE AND ((TRUE AND item_code IN ('WH-TY-01', 'WH-TY-02', 'WH-TY-03', 'WH-TY-04', 'WH-TY-05', 'WH-TY-06', 'WH-TY-07', 'WH-TY-08', 'WH-TY-09', 'WH-TY-10', 'WH-TY-11', 'WH-TY-12', 'WH-TY-13', 'WH-TY-14', 'WH-TY-15', 'WH-TY-16', 'WH-TY-17')))))) AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'in' THEN item_fen ELSE 0 END) AS BIGINT) AS hin_2,
    CAST(SUM(CASE WHEN (((ok AND TRUE AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND NOT FALSE AND ((TRUE AND item_code IN ('WH-TY-01', 'WH-TY-02', 'WH-TY-03', 'WH-TY-04', 'WH-TY-05', 'WH-TY-06', 'WH-TY-07', 'WH-TY-08', 'WH-TY-09', 'WH-TY-10', 'WH-TY-11', 'WH-TY-12', 'WH-TY-13', 'WH-TY-14', 'WH-TY-15', 'WH-TY-16', 'WH-TY-17')))))) AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'out' THEN item_fen ELSE 0 END) AS BIGINT) AS hout_2,
    CAST(SUM(CASE WHEN (((ok AND TRUE AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND NOT FALSE AND ((TRUE AND item_code IN ('WH-TY-01', 'WH-TY-02', 'WH-TY-03', 'WH-TY-04', 'WH-TY-05', 'WH-TY-06', 'WH-TY-07', 'WH-TY-08', 'WH-TY-09', 'WH-TY-10', 'WH-TY-11', 'WH-TY-12', 'WH-TY-13', 'WH-TY-14', 'WH-TY-15', 'WH-TY-16', 'WH-TY-17')))))) AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'in' THEN item_fen ELSE 0 END) AS BIGINT) AS hin_3,
    CAST(SUM(CASE WHEN (((ok AND TRUE AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND NOT FALSE AND ((TRUE AND item_code IN ('WH-TY-01', 'WH-TY-02', 'WH-TY-03', 'WH-TY-04', 'WH-TY-05', 'WH-TY-06', 'WH-TY-07', 'WH-TY-08', 'WH-TY-09', 'WH-TY-10', 'WH-TY-11', 'WH-TY-12', 'WH-TY-13', 'WH-TY-14', 'WH-TY-15', 'WH-TY-16', 'WH-TY-17')))))) AND NOT COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'out' THEN item_fen ELSE 0 END) AS BIGINT) AS hout_3,
    CAST(NULL AS TEXT) AS item_fail,
    COUNT(*) AS n_items,
    CAST(SUM(CASE WHEN COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'in' THEN item_fen ELSE 0 END) AS BIGINT) AS ex_in,
    CAST(SUM(CASE WHEN COALESCE((item_category IN ('cosmetic', 'tonic')), FALSE) AND item_class = 'out' THEN item_fen ELSE 0 END) AS BIGINT) AS ex_out
  FROM it0
  GROUP BY id
),
c3 AS (
  SELECT c2.*, COALESCE(n_items, 0) AS n_items, COALESCE(ex_in, 0) AS ex_in, COALESCE(ex_out, 0) AS ex_out, COALESCE(it_0_0, 0) AS it_0_0, COALESCE(hin_1, 0) AS hin_1, COALESCE(hout_1, 0) AS hout_1, COALESCE(hin_2, 0) AS hin_2, COALESCE(hout_2, 0) AS hout_2, COALESCE(hin_3, 0) AS hin_3, COALESCE(hout_3, 0) AS hout_3,
    GREATEST(in_fen - COALESCE(ex_in, 0), 0) AS net_in, GREATEST(out_fen - COALESCE(ex_out, 0), 0) AS net_out
    , ia.item_fail
  FROM c2 LEFT JOIN ia ON ia.ia_id = c2.id
),
k0 AS (
  SELECT *, COALESCE((((CASE WHEN (y * 10000 + ys_m * 100 + CASE WHEN ys_m = 2 AND ys_d = 29 AND NOT (y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0)) THEN 28 ELSE ys_d END) < (CAST(EXTRACT(YEAR FROM enrolled_since) AS INTEGER) * 10000 + CAST(EXTRACT(MONTH FROM enrolled_since) AS INTEGER) * 100 + CAST(EXTRACT(DAY FROM enrolled_since) AS INTEGER)) THEN 0 ELSE GREATEST(y - CAST(EXTRACT(YEAR FROM enrolled_since) AS INTEGER) - CASE WHEN ys_m * 100 + CASE WHEN ys_m = 2 AND ys_d = 29 AND NOT (y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0)) THEN 28 ELSE ys_d END < (CAST(EXTRACT(MONTH FROM enrolled_since) AS INTEGER) * 100 + CASE WHEN CAST(EXTRACT(MONTH FROM enrolled_since) AS INTEGER) = 2 AND CAST(EXTRACT(DAY FROM enrolled_since) AS INTEGER) = 29 AND NOT (y % 4 = 0 AND (y % 100 <> 0 OR y % 400 = 0)) THEN 28 ELSE CAST(EXTRACT(DAY FROM enrolled_since) AS INTEGER) END) THEN 1 ELSE 0 END, 0) END) >= CAST(3 AS BIGINT))), FALSE) AS t_0,
    CAST(1000000 AS BIGINT) AS pd_0,
    ok AND TRUE AS ap_0,
    CASE WHEN ok AND TRUE THEN GREATEST(it_0_0, 0) ELSE 0 END AS a_0,
    CAST(7000 AS BIGINT) AS r_0,
    ok AND setting IN ('outpatient') AS ap_1,
    CASE WHEN ok AND setting IN ('outpatient') THEN GREATEST((GREATEST(net_in - hin_1, 0) + GREATEST(net_out - hout_1, 0)), 0) ELSE 0 END AS a_1,
    CAST(6000 AS BIGINT) AS r_1,
    ok AND setting IN ('inpatient', 'chronic_outpatient', 'maternity', '高值药品') AS ap_2,
    CASE WHEN ok AND setting IN ('inpatient', 'chronic_outpatient', 'maternity', '高值药品') THEN GREATEST(GREATEST(net_in - hin_2, 0), 0) ELSE 0 END AS a_2,
    CAST(600000 AS BIGINT) AS d_2,
    CAST(600000 AS BIGINT) AS lo_2_0,
    CAST(1600000 AS BIGINT) AS hi_2_0,
    CAST(500 AS BIGINT) AS r_2_0,
    CAST(1600000 AS BIGINT) AS lo_2_1,
    CAST(10000000 AS BIGINT) AS hi_2_1,
    CAST(6000 AS BIGINT) AS r_2_1,
    CAST(10000000 AS BIGINT) AS lo_2_2,
    CAST(30000000 AS BIGINT) AS hi_2_2,
    CAST(7000 AS BIGINT) AS r_2_2,
    CAST(30000000 AS BIGINT) AS lo_2_3,
    CAST(8000 AS BIGINT) AS r_2_3,
    ok AND setting IN ('inpatient', 'chronic_outpatient', 'maternity', '高值药品') AS ap_3,
    CASE WHEN ok AND setting IN ('inpatient', 'chronic_outpatient', 'maternity', '高值药品') THEN GREATEST(GREATEST(net_out - hout_3, 0), 0) ELSE 0 END AS a_3,
    CAST(1600000 AS BIGINT) AS d_3,
    CAST(1600000 AS BIGINT) AS lo_3_0,
    CAST(10000000 AS BIGINT) AS hi_3_0,
    CAST(2000 AS BIGINT) AS r_3_0,
    CAST(10000000 AS BIGINT) AS lo_3_1,
    CAST(30000000 AS BIGINT) AS hi_3_1,
    CAST(3000 AS BIGINT) AS r_3_1,
    CAST(30000000 AS BIGINT) AS lo_3_2,
    CAST(4000 AS BIGINT) AS r_3_2
  FROM c3
),
e0 AS (
  SELECT *, CASE WHEN rq IS NOT NULL OR NOT (date BETWEEN DATE '2025-01-01' AND DATE '2025-12-31') THEN NULL ELSE CASE WHEN ok THEN COALESCE(item_fail, (CASE WHEN enrolled_since IS NULL THEN 'YR015|enrolledSince' END), CASE WHEN ap_0 THEN CASE WHEN n_items > 0 THEN (CASE WHEN NOT ((TRUE)) THEN 'YR006|特药' END) END END) END END AS ev
  FROM k0
),
tilt_0 AS (
  SELECT *, (CASE WHEN t_0 THEN LEAST(GREATEST((r_2_0 + CAST(500 AS BIGINT)), 0), 10000) ELSE r_2_0 END) AS r_2_0__0,
    (CASE WHEN t_0 THEN LEAST(GREATEST((r_2_1 + CAST(500 AS BIGINT)), 0), 10000) ELSE r_2_1 END) AS r_2_1__0,
    (CASE WHEN t_0 THEN LEAST(GREATEST((r_2_2 + CAST(500 AS BIGINT)), 0), 10000) ELSE r_2_2 END) AS r_2_2__0,
    (CASE WHEN t_0 THEN LEAST(GREATEST((r_2_3 + CAST(500 AS BIGINT)), 0), 10000) ELSE r_2_3 END) AS r_2_3__0,
    (CASE WHEN t_0 THEN LEAST(GREATEST((r_3_0 + CAST(500 AS BIGINT)), 0), 10000) ELSE r_3_0 END) AS r_3_0__0,
    (CASE WHEN t_0 THEN LEAST(GREATEST((r_3_1 + CAST(500 AS BIGINT)), 0), 10000) ELSE r_3_1 END) AS r_3_1__0,
    (CASE WHEN t_0 THEN LEAST(GREATEST((r_3_2 + CAST(500 AS BIGINT)), 0), 10000) ELSE r_3_2 END) AS r_3_2__0
  FROM e0
),
k AS (
  SELECT id, member, date, y, COALESCE(rq, ev) AS err, CASE WHEN ev IS NULL THEN excl END AS excl, in_fen + out_fen + over_fen AS total_fen, pd_0, (ap_0 AND rq IS NULL AND ev IS NULL) AS ap_0, CASE WHEN rq IS NULL AND ev IS NULL THEN a_0 ELSE 0 END AS a_0, r_0, (ap_1 AND rq IS NULL AND ev IS NULL) AS ap_1, CASE WHEN rq IS NULL AND ev IS NULL THEN a_1 ELSE 0 END AS a_1, r_1, (ap_2 AND rq IS NULL AND ev IS NULL) AS ap_2, CASE WHEN rq IS NULL AND ev IS NULL THEN a_2 ELSE 0 END AS a_2, d_2, lo_2_0, hi_2_0, r_2_0__0, lo_2_1, hi_2_1, r_2_1__0, lo_2_2, hi_2_2, r_2_2__0, lo_2_3, r_2_3__0, (ap_3 AND rq IS NULL AND ev IS NULL) AS ap_3, CASE WHEN rq IS NULL AND ev IS NULL THEN a_3 ELSE 0 END AS a_3, d_3, lo_3_0, hi_3_0, r_3_0__0, lo_3_1, hi_3_1, r_3_1__0, lo_3_2, r_3_2__0
  FROM tilt_0
),
w1 AS (
  SELECT *, CAST(SUM(a_0) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cum_0,
    CAST(SUM(a_1) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cum_1,
    CAST(SUM(a_2) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cum_2,
    CAST(SUM(a_3) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS cum_3,
    CAST(SUM(a_0 + a_1) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS tot_0
  FROM k
),
w2 AS (
  SELECT *, CASE WHEN ap_0 THEN (LEAST(pd_0, (tot_0 - (a_0 + a_1)) + a_0) - LEAST(pd_0, (tot_0 - (a_0 + a_1)))) ELSE CAST(0 AS BIGINT) END AS u_0,
    CAST(SUM(a_0 - CASE WHEN ap_0 THEN (LEAST(pd_0, (tot_0 - (a_0 + a_1)) + a_0) - LEAST(pd_0, (tot_0 - (a_0 + a_1)))) ELSE CAST(0 AS BIGINT) END) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS xs_0,
    CASE WHEN ap_1 THEN (LEAST(pd_0, (tot_0 - (a_0 + a_1)) + a_0 + a_1) - LEAST(pd_0, (tot_0 - (a_0 + a_1)) + a_0)) ELSE CAST(0 AS BIGINT) END AS u_1,
    CAST(SUM(a_1 - CASE WHEN ap_1 THEN (LEAST(pd_0, (tot_0 - (a_0 + a_1)) + a_0 + a_1) - LEAST(pd_0, (tot_0 - (a_0 + a_1)) + a_0)) ELSE CAST(0 AS BIGINT) END) OVER (PARTITION BY member, y ORDER BY date, id COLLATE "C" ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS BIGINT) AS xs_1
  FROM w1
),
p AS (
  SELECT *, CASE WHEN ap_0 THEN GREATEST(((r_0 * xs_0 + 5000) / 10000) - ((r_0 * (xs_0 - (a_0 - u_0)) + 5000) / 10000), 0) ELSE CAST(0 AS BIGINT) END AS p_0,
    CASE WHEN ap_1 THEN GREATEST(((r_1 * xs_1 + 5000) / 10000) - ((r_1 * (xs_1 - (a_1 - u_1)) + 5000) / 10000), 0) ELSE CAST(0 AS BIGINT) END AS p_1,
    CASE WHEN ap_2 THEN GREATEST((((r_2_0__0 * LEAST(GREATEST(cum_2 - lo_2_0, 0), GREATEST(hi_2_0 - lo_2_0, 0)) + r_2_1__0 * LEAST(GREATEST(cum_2 - lo_2_1, 0), GREATEST(hi_2_1 - lo_2_1, 0)) + r_2_2__0 * LEAST(GREATEST(cum_2 - lo_2_2, 0), GREATEST(hi_2_2 - lo_2_2, 0)) + r_2_3__0 * GREATEST(cum_2 - lo_2_3, 0) - (r_2_0__0 * LEAST(GREATEST((cum_2 - GREATEST(cum_2 - d_2, 0)) - lo_2_0, 0), GREATEST(hi_2_0 - lo_2_0, 0)) + r_2_1__0 * LEAST(GREATEST((cum_2 - GREATEST(cum_2 - d_2, 0)) - lo_2_1, 0), GREATEST(hi_2_1 - lo_2_1, 0)) + r_2_2__0 * LEAST(GREATEST((cum_2 - GREATEST(cum_2 - d_2, 0)) - lo_2_2, 0), GREATEST(hi_2_2 - lo_2_2, 0)) + r_2_3__0 * GREATEST((cum_2 - GREATEST(cum_2 - d_2, 0)) - lo_2_3, 0))) + 5000) / 10000) - (((r_2_0__0 * LEAST(GREATEST((cum_2 - a_2) - lo_2_0, 0), GREATEST(hi_2_0 - lo_2_0, 0)) + r_2_1__0 * LEAST(GREATEST((cum_2 - a_2) - lo_2_1, 0), GREATEST(hi_2_1 - lo_2_1, 0)) + r_2_2__0 * LEAST(GREATEST((cum_2 - a_2) - lo_2_2, 0), GREATEST(hi_2_2 - lo_2_2, 0)) + r_2_3__0 * GREATEST((cum_2 - a_2) - lo_2_3, 0) - (r_2_0__0 * LEAST(GREATEST(((cum_2 - a_2) - GREATEST((cum_2 - a_2) - d_2, 0)) - lo_2_0, 0), GREATEST(hi_2_0 - lo_2_0, 0)) + r_2_1__0 * LEAST(GREATEST(((cum_2 - a_2) - GREATEST((cum_2 - a_2) - d_2, 0)) - lo_2_1, 0), GREATEST(hi_2_1 - lo_2_1, 0)) + r_2_2__0 * LEAST(GREATEST(((cum_2 - a_2) - GREATEST((cum_2 - a_2) - d_2, 0)) - lo_2_2, 0), GREATEST(hi_2_2 - lo_2_2, 0)) + r_2_3__0 * GREATEST(((cum_2 - a_2) - GREATEST((cum_2 - a_2) - d_2, 0)) - lo_2_3, 0))) + 5000) / 10000), 0) ELSE CAST(0 AS BIGINT) END AS p_2,
    CASE WHEN ap_3 THEN GREATEST((((r_3_0__0 * LEAST(GREATEST(cum_3 - lo_3_0, 0), GREATEST(hi_3_0 - lo_3_0, 0)) + r_3_1__0 * LEAST(GREATEST(cum_3 - lo_3_1, 0), GREATEST(hi_3_1 - lo_3_1, 0)) + r_3_2__0 * GREATEST(cum_3 - lo_3_2, 0) - (r_3_0__0 * LEAST(GREATEST((cum_3 - GREATEST(cum_3 - d_3, 0)) - lo_3_0, 0), GREATEST(hi_3_0 - lo_3_0, 0)) + r_3_1__0 * LEAST(GREATEST((cum_3 - GREATEST(cum_3 - d_3, 0)) - lo_3_1, 0), GREATEST(hi_3_1 - lo_3_1, 0)) + r_3_2__0 * GREATEST((cum_3 - GREATEST(cum_3 - d_3, 0)) - lo_3_2, 0))) + 5000) / 10000) - (((r_3_0__0 * LEAST(GREATEST((cum_3 - a_3) - lo_3_0, 0), GREATEST(hi_3_0 - lo_3_0, 0)) + r_3_1__0 * LEAST(GREATEST((cum_3 - a_3) - lo_3_1, 0), GREATEST(hi_3_1 - lo_3_1, 0)) + r_3_2__0 * GREATEST((cum_3 - a_3) - lo_3_2, 0) - (r_3_0__0 * LEAST(GREATEST(((cum_3 - a_3) - GREATEST((cum_3 - a_3) - d_3, 0)) - lo_3_0, 0), GREATEST(hi_3_0 - lo_3_0, 0)) + r_3_1__0 * LEAST(GREATEST(((cum_3 - a_3) - GREATEST((cum_3 - a_3) - d_3, 0)) - lo_3_1, 0), GREATEST(hi_3_1 - lo_3_1, 0)) + r_3_2__0 * GREATEST(((cum_3 - a_3) - GREATEST((cum_3 - a_3) - d_3, 0)) - lo_3_2, 0))) + 5000) / 10000), 0) ELSE CAST(0 AS BIGINT) END AS p_3
  FROM w2
),
q AS (
  SELECT *, p_0 AS q_0,
    p_1 AS q_1,
    p_2 AS q_2,
    p_3 AS q_3
  FROM p
),
s AS (
  SELECT *
  FROM q
),
paid AS (
  SELECT *, q_0 AS pay_0,
    q_1 AS pay_1,
    q_2 AS pay_2,
    q_3 AS pay_3,
    CASE WHEN ap_0 THEN u_0 ELSE CAST(0 AS BIGINT) END AS dd_0,
    CASE WHEN ap_1 THEN u_1 ELSE CAST(0 AS BIGINT) END AS dd_1,
    CASE WHEN ap_2 THEN (a_2 - (GREATEST(cum_2 - d_2, 0) - GREATEST(cum_2 - a_2 - d_2, 0))) ELSE CAST(0 AS BIGINT) END AS dd_2,
    CASE WHEN ap_3 THEN (a_3 - (GREATEST(cum_3 - d_3, 0) - GREATEST(cum_3 - a_3 - d_3, 0))) ELSE CAST(0 AS BIGINT) END AS dd_3
  FROM s
)
SELECT id AS id, member AS member, date AS date, err AS error, excl AS excluded_by, total_fen, (pay_0 + pay_1 + pay_2 + pay_3) AS payout_fen,
  pay_0 AS "R4_fen",
  a_0 AS "R4_eligible_fen",
  dd_0 AS "R4_deductible_fen",
  ap_0 AS "R4_applies",
  pay_1 AS "R3_fen",
  a_1 AS "R3_eligible_fen",
  dd_1 AS "R3_deductible_fen",
  ap_1 AS "R3_applies",
  pay_2 AS "R1_fen",
  a_2 AS "R1_eligible_fen",
  dd_2 AS "R1_deductible_fen",
  ap_2 AS "R1_applies",
  pay_3 AS "R2_fen",
  a_3 AS "R2_eligible_fen",
  dd_3 AS "R2_deductible_fen",
  ap_3 AS "R2_applies"
FROM paid
ORDER BY member COLLATE "C", date, id COLLATE "C"
