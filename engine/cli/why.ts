// The why of a claim as text (spec/language.md §32): what limited each benefit, then each change of
// one fact that would change the payout, largest first, each with its line and citation.
import type { Lang } from '../ir/diagnostics';
import type { WhyReport } from '../ir/why';

export function whyText(r: WhyReport, lang: Lang): string {
  const zh = lang === 'zh';
  const tail = (x: { line?: number; cites?: string }) => [x.cites && (zh ? `依据 ${x.cites}` : `per ${x.cites}`), x.line && (zh ? `第 ${x.line} 行` : `line ${x.line}`)].filter(Boolean).join(zh ? '，' : ', ');
  const item = (m: string, x: { line?: number; cites?: string }) => `  - ${m}${tail(x) ? (zh ? `（${tail(x)}）` : ` (${tail(x)})`) : ''}`;
  const lines = [zh ? '限制赔付的是：' : 'What limited the payout:', ...r.limits.map((l) => item(l.message[lang], l))];
  lines.push(zh ? '改变一项事实即可改变赔付的情形：' : 'One fact changed that would change the payout:');
  if (!r.changes.length) lines.push(zh ? '  （没有：单改一项事实不改变赔付）' : '  (none: no single fact changed changes the payout)');
  lines.push(...r.changes.map((c) => item(c.message[lang], c)));
  return lines.join('\n');
}
