/** The loading screen: what the check is doing and how far it has got, from its progress events. */
import { Box, Text } from 'ink';
import type { Progress } from '@preflight/core';

export function Loading({ root, progress, plain = false }: { root: string; progress: Progress; plain?: boolean }) {
  return (
    <Box flexDirection="column">
      <Text bold>preflight explore {root}</Text>
      <Text>{describe(progress)}</Text>
      {progress.phase === 'parse' ? <Text color={plain ? undefined : 'cyan'}>{bar(progress.done / Math.max(1, progress.total), 40)}</Text> : null}
      <Text dimColor={!plain}>q quit</Text>
    </Box>
  );
}

export function describe(progress: Progress): string {
  switch (progress.phase) {
    case 'scan':
      return 'finding the project\'s files…';
    case 'parse':
      return `reading files: ${progress.done} / ${progress.total}${progress.cached ? ` (${progress.cached} from the cache)` : ''}`;
    case 'analyse':
      return `resolving the imports of ${progress.files} files…`;
  }
}

/** A bar of `width` cells, `fraction` of them full (plain characters: it reads without colour). */
export function bar(fraction: number, width: number): string {
  const full = Math.round(Math.min(1, Math.max(0, fraction)) * width);
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}] ${Math.floor(Math.min(1, fraction) * 100)}%`;
}
