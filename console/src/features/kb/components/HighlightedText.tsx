import type { TextSegment } from '../kb-api';

/** Text cut into segments by the search: the hits in <mark>, every part as text (never as HTML). */
export function HighlightedText({ segments }: { segments: readonly TextSegment[] }) {
  return (
    <>
      {segments.map((segment, index) =>
        segment.hit ? (
          <mark key={index} data-testid="kb-hit" style={{ padding: 0, background: '#ffe58f' }}>
            {segment.text}
          </mark>
        ) : (
          <span key={index}>{segment.text}</span>
        ),
      )}
    </>
  );
}
