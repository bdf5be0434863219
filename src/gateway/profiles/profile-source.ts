/**
 * The profiles in force, hot-reloaded when their file changes. The directory is watched rather than the
 * file, because editors and config-management tools replace a file by renaming a new one over it (which
 * ends a watch on the old inode). An invalid file keeps the last good profiles and reports why; the
 * gateway never runs without valid profiles (an invalid file at start-up is an error).
 */
import { watch, readFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { VeilgateError } from '../../errors.js';
import { builtinProfiles, parseProfiles, type ProfileSet } from './profile.js';

export interface ProfileSource {
  current(): ProfileSet;
  /** Re-read the file now; resolves to whether the new profiles took effect. */
  reload(): boolean;
  close(): void;
}

export interface ProfileSourceOptions {
  /** The profiles file; none: the built-in profiles. */
  readonly file?: string;
  readonly cwd: string;
  /** Called after every reload attempt: `error` is the one-line reason a file was refused. */
  readonly onReload?: (event: { ok: boolean; error?: string; profiles: readonly string[] }) => void;
  /** Debounce of file-change events (ms). */
  readonly debounceMs?: number;
}

function readProfiles(file: string, shown: string): ProfileSet {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'error';
    throw new VeilgateError('VG_PROFILE_INVALID', `${shown}: cannot read profiles file (${code})`, {
      cause: err,
    });
  }
  return parseProfiles(text, shown);
}

export function openProfileSource(options: ProfileSourceOptions): ProfileSource {
  if (options.file === undefined) {
    const set = builtinProfiles();
    return { current: () => set, reload: () => true, close: () => {} };
  }
  const file = path.resolve(options.cwd, options.file);
  const shown = path.relative(options.cwd, file) || file;
  let current = readProfiles(file, shown); // throws at start-up: never start on invalid profiles
  let lastText = '';
  try {
    lastText = readFileSync(file, 'utf8');
  } catch {
    // read just succeeded above; a race with a delete is reported at the next reload
  }

  const reload = (): boolean => {
    try {
      const text = readFileSync(file, 'utf8');
      if (text === lastText) return true;
      current = parseProfiles(text, shown);
      lastText = text;
      options.onReload?.({ ok: true, profiles: current.names });
      return true;
    } catch (err) {
      const reason =
        err instanceof VeilgateError
          ? err.message.split('\n')[0]
          : `${shown}: cannot read profiles file (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
      options.onReload?.({ ok: false, error: reason ?? 'invalid profiles', profiles: current.names });
      return false;
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(path.dirname(file), { persistent: false }, (_event, name) => {
      if (name !== null && name !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(reload, options.debounceMs ?? 100);
      timer.unref();
    });
  } catch {
    watcher = undefined; // no inotify: reload() is still available (SIGHUP)
  }
  return {
    current: () => current,
    reload,
    close() {
      clearTimeout(timer);
      watcher?.close();
    },
  };
}
