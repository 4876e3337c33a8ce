/**
 * The explorer's root: runs the check (given as `load`), shows its progress while the keyboard stays live
 * — `q` quits mid-load, stopping the check — then hands the data to the App.
 */
import { useApp, useInput } from 'ink';
import { useEffect, useState } from 'react';
import type { Progress, ProgressListener } from '@preflight/core';
import { App, type AppProps } from './App.js';
import type { ExplorerData } from './explorer-data.js';
import { Loading } from './Loading.js';

export interface ExplorerProps extends Omit<AppProps, 'data'> {
  root: string;
  load: (onProgress: ProgressListener, signal: AbortSignal) => Promise<ExplorerData>;
}

export function Explorer({ root, load, ...appProps }: ExplorerProps) {
  const { exit } = useApp();
  const [data, setData] = useState<ExplorerData>();
  const [progress, setProgress] = useState<Progress>({ phase: 'scan' });
  const [controller] = useState(() => new AbortController());

  useEffect(() => {
    // Ten frames a second is smooth for a counter; every event would cost the check its time drawing.
    let drawn = 0;
    const onProgress = (p: Progress) => {
      const now = performance.now();
      if (p.phase === 'parse' && p.done < p.total && now - drawn < 100) return;
      drawn = now;
      setProgress(p);
    };
    load(onProgress, controller.signal).then(setData, (error: unknown) => {
      if (!controller.signal.aborted) exit(error instanceof Error ? error : new Error(String(error)));
    });
    return () => controller.abort();
  }, []);

  useInput((input, key) => {
    if (input === 'q' || (key.ctrl && input === 'c')) {
      controller.abort();
      exit();
    }
  }, { isActive: !data });

  return data ? <App data={data} {...appProps} /> : <Loading root={root} progress={progress} {...(appProps.plain ? { plain: true } : {})} />;
}
