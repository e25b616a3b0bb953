// A simulation's report as text and as the sections of an HTML page (spec/language.md §33).
import type { Lang } from '../ir/diagnostics';
import type { SimulationReport, SimulationSide } from '../ir/simulation';
import type { Section } from './html-report';

const groupName = (g: string, zh: boolean) => (g === '' ? (zh ? '（不属于任何人群）' : '(in no group)') : g);

function sideLines(s: SimulationSide, zh: boolean): string[] {
  const lines = [
    zh ? `方案“${s.plan}”：${s.members} 名参保人，${s.claims} 笔理赔（拒绝 ${s.rejected} 笔）` : `plan "${s.plan}": ${s.members} members, ${s.claims} claims (${s.rejected} rejected)`,
    zh ? `  赔付合计 ${s.payout} 元，人均 ${s.perMember} 元；保费 ${s.premiums} 元；赔付率 ${s.lossRatio ?? '—'}` : `  payout ${s.payout}, per member ${s.perMember}; premiums ${s.premiums}; loss ratio ${s.lossRatio ?? '—'}`,
    ...s.benefits.map((b) => zh ? `  责任“${b.name}” ${b.payout} 元` : `  benefit "${b.name}" ${b.payout}`),
    ...s.groups.map((g) => zh ? `  人群 ${groupName(g.group, zh)}：${g.members} 人，赔付 ${g.payout} 元，人均 ${g.perMember} 元` : `  group ${groupName(g.group, zh)}: ${g.members} members, payout ${g.payout}, per member ${g.perMember}`),
    ...s.bands.map((b) => (zh ? `  责任“${b.benefit}”达到各段的人数：${b.reached.map((r) => `第 ${r.band} 段 ${r.members}（${r.share}）`).join('，')}` : `  benefit "${b.benefit}" members reaching each band: ${b.reached.map((r) => `${r.band}: ${r.members} (${r.share})`).join(', ')}`)),
  ];
  return lines;
}

export function simulationText(r: SimulationReport, lang: Lang): string {
  const zh = lang === 'zh';
  const lines: string[] = [];
  const syn = r.population?.synthetic;
  if (syn) lines.push(zh ? `合成人群：${syn.members} 人，种子 ${syn.seed}，参数 ${syn.profile}${syn.illustrative ? '（示例取值，非统计数据）' : ''}` : `synthetic population: ${syn.members} members, seed ${syn.seed}, profile ${syn.profile}${syn.illustrative ? ' (illustrative figures, not statistics)' : ''}`);
  lines.push(...sideLines(r.base, zh));
  if (r.reform && r.change) {
    const c = r.change;
    lines.push(...sideLines(r.reform, zh));
    lines.push(zh ? `改革的变化：赔付 ${c.cost} 元，人均 ${c.perMember} 元` : `reform: cost ${c.cost}, per member ${c.perMember}`);
    lines.push(zh ? `  得益 ${c.winners.members} 人，合计 ${c.winners.total} 元，最多 ${c.winners.largest} 元；受损 ${c.losers.members} 人，合计 ${c.losers.total} 元，最多 ${c.losers.largest} 元；不变 ${c.unchanged} 人` : `  winners ${c.winners.members} (total ${c.winners.total}, largest ${c.winners.largest}); losers ${c.losers.members} (total ${c.losers.total}, largest ${c.losers.largest}); unchanged ${c.unchanged}`);
    lines.push(...c.groups.map((g) => zh ? `  人群 ${groupName(g.group, zh)}：${g.members} 人，变化 ${g.change} 元，得益 ${g.winners} 人，受损 ${g.losers} 人` : `  group ${groupName(g.group, zh)}: ${g.members} members, change ${g.change}, ${g.winners} winners, ${g.losers} losers`));
  }
  return lines.join('\n');
}

const bin = (from: number | null, to: number | null) => `${from === null ? '−∞' : from.toLocaleString('en-US')} … ${to === null ? '+∞' : to.toLocaleString('en-US')}`;

export function simulationSections(r: SimulationReport, lang: Lang): Section[] {
  const zh = lang === 'zh';
  const syn = r.population?.synthetic;
  const sides = [r.base, ...(r.reform ? [r.reform] : [])];
  const out: Section[] = [{
    heading: zh ? '人群与总量' : 'Population and totals',
    paragraphs: syn ? [zh ? `合成人群：${syn.members} 人，种子 ${syn.seed}，参数 ${syn.profile}${syn.illustrative ? '（示例取值，非统计数据）' : ''}。` : `Synthetic population: ${syn.members} members, seed ${syn.seed}, profile ${syn.profile}${syn.illustrative ? ' (illustrative figures, not statistics)' : ''}.`] : [],
    table: {
      head: zh ? ['方案', '参保人', '理赔', '赔付（元）', '人均（元）', '保费（元）', '赔付率'] : ['plan', 'members', 'claims', 'payout', 'per member', 'premiums', 'loss ratio'],
      rows: sides.map((s) => [s.plan, String(s.members), String(s.claims), s.payout, s.perMember, s.premiums, s.lossRatio ?? '—']),
    },
  }, {
    heading: zh ? '按责任的赔付' : 'Payout by benefit',
    table: { head: [zh ? '责任' : 'benefit', ...sides.map((s) => s.plan)], rows: r.base.benefits.map((b) => [b.name, ...sides.map((s) => s.benefits.find((x) => x.name === b.name)?.payout ?? '0.00')]) },
  }, {
    heading: zh ? '按人群的赔付' : 'Payout by group',
    table: { head: [zh ? '人群' : 'group', zh ? '人数' : 'members', ...sides.map((s) => `${s.plan}${zh ? ' 人均' : ' per member'}`)], rows: r.base.groups.map((g) => [groupName(g.group, zh), String(g.members), ...sides.map((s) => s.groups.find((x) => x.group === g.group)?.perMember ?? '0.00')]) },
  }];
  for (const b of r.base.bands) out.push({
    heading: zh ? `责任“${b.benefit}”：达到各段的参保人比例` : `Benefit "${b.benefit}": share of members reaching each band`,
    table: { head: [zh ? '段' : 'band', zh ? '人数' : 'members', zh ? '比例' : 'share'], rows: b.reached.map((x) => [String(x.band), String(x.members), x.share]) },
  });
  if (r.change) {
    const c = r.change;
    // The bin of members whose payout does not change would dwarf the others: the chart leaves it out.
    const changed = c.histogram.filter((h) => !(h.from !== null && h.to !== null && h.from < 0 && h.to > 0));
    out.push({
      heading: zh ? '改革：得益与受损' : 'Reform: winners and losers',
      paragraphs: [zh ? `赔付变化 ${c.cost} 元（人均 ${c.perMember} 元）；得益 ${c.winners.members} 人（合计 ${c.winners.total} 元），受损 ${c.losers.members} 人（合计 ${c.losers.total} 元），不变 ${c.unchanged} 人。` : `Cost change ${c.cost} (per member ${c.perMember}); ${c.winners.members} winners (total ${c.winners.total}), ${c.losers.members} losers (total ${c.losers.total}), ${c.unchanged} unchanged.`],
      chart: {
        title: zh ? '赔付有变化的参保人，按变化（元）' : 'Members whose payout changes, by the change (yuan)', x: zh ? '赔付变化（元）' : 'change (yuan)', y: zh ? '人数' : 'members',
        bars: changed.map((h) => bin(h.from, h.to)),
        datasets: [{ label: zh ? '人数' : 'members', points: changed.map((h, i) => [i + 1, h.members]), color: '#1565c0' }],
      },
      table: { head: [zh ? '序号' : 'bin', zh ? '变化（元）' : 'change (yuan)', zh ? '人数' : 'members'], rows: c.histogram.map((h, i) => [String(i + 1), bin(h.from, h.to), String(h.members)]) },
    }, {
      heading: zh ? '改革：按人群' : 'Reform by group',
      table: { head: zh ? ['人群', '人数', '变化（元）', '得益', '受损'] : ['group', 'members', 'change', 'winners', 'losers'], rows: c.groups.map((g) => [groupName(g.group, zh), String(g.members), g.change, String(g.winners), String(g.losers)]) },
    });
  }
  return out;
}
