// Opening, saving, new plan, download and upload. The server refuses to overwrite a file that
// changed on disk since it was opened: we send the hash of the text we loaded (or last saved).
import { api, ApiError } from './api';
import { byId, clear, h } from './dom';
import { t } from './i18n';
import template from '../templates/new-plan.yibao?raw';

export interface Doc {
  /** Project-relative path; for a new plan, where it will be saved. */
  path: string;
  /** Hash of the file as loaded or last saved; null for a file not on disk yet. */
  baseHash: string | null;
  /** The text as loaded or last saved: the "saved version" the curve is drawn against. */
  savedText: string;
  text: string;
}

export interface FileUi {
  current: () => Doc | undefined;
  open: (doc: Doc) => void;
  text: () => string;
  status: (msg: string, kind?: 'ok' | 'error') => void;
  dirty: () => boolean;
}

let workspace = 'workspace';

export async function refreshList(selected?: string): Promise<void> {
  const select = byId<HTMLSelectElement>('plan-select');
  const { plans, workspace: ws } = await api.list();
  workspace = ws;
  const groups = new Map<string, HTMLOptGroupElement>();
  for (const p of plans) {
    const label = p.folder === 'examples' ? t('examples') : `${t('workspace')} (${p.folder})`;
    if (!groups.has(p.folder)) groups.set(p.folder, h('optgroup', { label }));
    groups.get(p.folder)!.append(h('option', { value: p.path }, p.path));
  }
  clear(select, ...groups.values());
  // Floors files are offered a second time, as what the open plan is proven against.
  const floors = byId<HTMLSelectElement>('floors-select');
  const chosen = floors.value;
  const none = floors.options[0]!;
  clear(floors, none, ...plans.filter((p) => p.path.endsWith('.floors.yibao')).map((p) => h('option', { value: p.path }, p.path)));
  floors.value = chosen;
  if (selected && !plans.some((p) => p.path === selected)) select.append(h('option', { value: selected }, `${selected} ${t('unsaved')}`));
  if (selected) select.value = selected;
}

export async function openPath(path: string): Promise<Doc> {
  const f = await api.open(path);
  return { path: f.path, baseHash: f.hash, savedText: f.text, text: f.text };
}

function freeName(): string {
  const stamp = new Date().toISOString().slice(0, 19).replace(/[-:T]/g, '');
  return `${workspace}/plan-${stamp}.yibao`;
}

/** A file name from a user or an upload, kept to a plain name inside the workspace folder. */
function workspacePath(name: string): string {
  const base = name.split(/[\\/]/).pop()!.replace(/[^\w\u3400-\u9fff.-]+/g, '_').replace(/^\.+/, '') || 'plan';
  return `${workspace}/${base.endsWith('.yibao') ? base : `${base}.yibao`}`;
}

export async function save(ui: FileUi, asPath?: string): Promise<boolean> {
  const doc = ui.current();
  if (!doc) return false;
  const path = asPath ?? doc.path;
  const text = ui.text();
  const baseHash = path === doc.path ? doc.baseHash : null;
  try {
    const r = await api.save(path, text, baseHash);
    doc.path = r.path;
    doc.baseHash = r.hash;
    doc.savedText = text;
    doc.text = text;
    // The list first, so that "saved" is shown only once the plan is listed too.
    // A list that fails to load does not undo the save: the file is on disk.
    await refreshList(r.path).catch(() => undefined);
    ui.status(`${t('saved')} ${r.path}`, 'ok');
    return true;
  } catch (e) {
    const msg = e instanceof ApiError && e.status === 409 ? t('conflict') : `${t('saveFailed')}: ${(e as Error).message}`;
    ui.status(msg, 'error');
    return false;
  }
}

export function wireFileButtons(ui: FileUi): void {
  const select = byId<HTMLSelectElement>('plan-select');
  select.addEventListener('change', async () => {
    const doc = ui.current();
    if (ui.dirty() && !confirm(t('discard'))) {
      select.value = doc?.path ?? '';
      return;
    }
    try {
      ui.open(await openPath(select.value));
    } catch (e) {
      ui.status(`${t('openFailed')} ${select.value}: ${(e as Error).message}`, 'error');
    }
  });
  byId('btn-new').addEventListener('click', () => {
    if (ui.dirty() && !confirm(t('discard'))) return;
    const path = freeName();
    ui.open({ path, baseHash: null, savedText: '', text: template });
    void refreshList(path);
  });
  byId('btn-save').addEventListener('click', () => void save(ui));
  byId('btn-save-as').addEventListener('click', () => {
    const doc = ui.current();
    const answer = prompt(t('saveAsPrompt'), doc?.path ?? freeName());
    if (answer) void save(ui, answer.trim());
  });
  byId('btn-download').addEventListener('click', () => {
    const doc = ui.current();
    const blob = new Blob([ui.text()], { type: 'text/plain;charset=utf-8' });
    const a = h('a', { href: URL.createObjectURL(blob), download: (doc?.path ?? 'plan.yibao').split('/').pop()! });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  });
  const upload = byId<HTMLInputElement>('file-upload');
  byId('btn-upload').addEventListener('click', () => upload.click());
  upload.addEventListener('change', async () => {
    const file = upload.files?.[0];
    upload.value = '';
    if (!file) return;
    if (ui.dirty() && !confirm(t('discard'))) return;
    const text = await file.text();
    const path = workspacePath(file.name);
    // An upload is new to the server: saving it must not silently replace a workspace file.
    ui.open({ path, baseHash: null, savedText: '', text });
    void refreshList(path);
  });
}
