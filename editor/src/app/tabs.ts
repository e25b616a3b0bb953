// The side panel's tabs, keyboard-operable as a WAI-ARIA tablist (arrow keys, Home, End).

export function wireTabs(onShow: (panelId: string) => void): (panelId: string) => void {
  const tabs = [...document.querySelectorAll<HTMLButtonElement>('[role=tab]')];
  const show = (tab: HTMLButtonElement, focus = false) => {
    for (const other of tabs) {
      const on = other === tab;
      other.setAttribute('aria-selected', String(on));
      other.tabIndex = on ? 0 : -1;
      document.getElementById(other.getAttribute('aria-controls')!)!.hidden = !on;
    }
    if (focus) tab.focus();
    onShow(tab.getAttribute('aria-controls')!);
  };
  tabs.forEach((tab, i) => {
    tab.addEventListener('click', () => show(tab));
    tab.addEventListener('keydown', (e) => {
      const next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabs.length - 1 : -1;
      if (next === -1) return;
      e.preventDefault();
      show(tabs[(next + tabs.length) % tabs.length]!, true);
    });
  });
  return (panelId) => show(tabs.find((x) => x.getAttribute('aria-controls') === panelId)!);
}
