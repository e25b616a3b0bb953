// Messages for errors found while evaluating a request (codes YRxxx), in English and Chinese.
type Args = Record<string, string | number>;

const RUNTIME: Record<string, (a: Args) => string> = {
  YR006: (a) => `no value of "${a.name}" is in force on ${a.date} / 参数“${a.name}”在 ${a.date} 没有生效的取值`,
  YR007: (a) => `table "${a.table}" has no row for ${a.key} / 数据表“${a.table}”中没有 ${a.key} 对应的行`,
  YR009: () => 'division by zero / 除数为零',
  YR010: (a) => `member "${a.member}" has no attribute "${a.attribute}" / 参保人“${a.member}”缺少属性“${a.attribute}”`,
  YR011: () => 'amounts too large for exact arithmetic / 金额过大，无法精确计算',
  YR012: () => 'no premium line applies / 没有适用的保费规则',
  YR013: (a) => `a claim fact is needed here but member "${a.member}" is being priced without a claim / 此处需要理赔信息，但正在为参保人“${a.member}”计算保费`,
  YR014: (a) => `the claim is dated ${a.date}, before the birth of member "${a.member}" on ${a.birthDate} / 理赔日期 ${a.date} 早于参保人“${a.member}”的出生日期 ${a.birthDate}`,
};

export function runtimeMessage(code: string, args: Args): string {
  return RUNTIME[code]?.(args) ?? code;
}
