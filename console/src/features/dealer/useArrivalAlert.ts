import { useEffect, useRef, useState } from 'react';

const STORAGE_KEY = 'careline.dealerAlerts';
let audioContext: AudioContext | null = null;

/** A short two-tone beep through WebAudio (no audio file). Needs a user gesture once to unlock the context. */
export function beep(): void {
  try {
    audioContext ??= new AudioContext();
    if (audioContext.state === 'suspended') void audioContext.resume();
    const start = audioContext.currentTime;
    for (const [offset, frequency] of [
      [0, 880],
      [0.18, 1175],
    ] as const) {
      const oscillator = audioContext.createOscillator();
      const gain = audioContext.createGain();
      oscillator.type = 'sine';
      oscillator.frequency.value = frequency;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.25, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.16);
      oscillator.connect(gain).connect(audioContext.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + 0.17);
    }
  } catch {
    // No audio device or API: the visual highlight and the notification still tell.
  }
}

/** Browsers let a page play sound only after a user gesture: the first click or key press unlocks the context. */
function useAudioUnlock(): void {
  useEffect(() => {
    const unlock = () => {
      try {
        audioContext ??= new AudioContext();
        if (audioContext.state === 'suspended') void audioContext.resume();
      } catch {
        // No audio here.
      }
    };
    window.addEventListener('pointerdown', unlock, { once: true });
    window.addEventListener('keydown', unlock, { once: true });
    return () => {
      window.removeEventListener('pointerdown', unlock);
      window.removeEventListener('keydown', unlock);
    };
  }, []);
}

/** Sound + browser notification switch, remembered in this browser. Turning it on asks for permission (a click). */
export function useAlertPreference() {
  useAudioUnlock();
  const [permission, setPermission] = useState(() => ('Notification' in window ? Notification.permission : 'denied'));
  const askPermission = () => {
    if ('Notification' in window) void Notification.requestPermission().then(setPermission);
  };
  const [enabled, setEnabled] = useState(() => {
    try {
      return localStorage.getItem(STORAGE_KEY) !== 'off';
    } catch {
      return true;
    }
  });
  const set = (value: boolean) => {
    setEnabled(value);
    try {
      localStorage.setItem(STORAGE_KEY, value ? 'on' : 'off');
    } catch {
      // Kept for this tab.
    }
    if (value) {
      beep();
      if (permission === 'default') askPermission();
    }
  };
  return { enabled, set, needsPermission: enabled && permission === 'default', askPermission };
}

/**
 * Calls `onArrival` for each id that appears in `ids` after the first load (a ticket newly dispatched to us), so the
 * inbox can beep and notify. Ids present at the first load are not news.
 */
export function useArrivals(ids: string[] | undefined, onArrival: (id: string) => void): void {
  const known = useRef<Set<string> | null>(null);
  const latest = useRef(onArrival);
  latest.current = onArrival;
  useEffect(() => {
    if (!ids) return;
    if (known.current === null) {
      known.current = new Set(ids);
      return;
    }
    for (const id of ids) {
      if (!known.current.has(id)) {
        known.current.add(id);
        latest.current(id);
      }
    }
  }, [ids]);
}

export function notify(title: string, body: string, onClick: () => void): void {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  try {
    const notification = new Notification(title, { body, tag: title });
    notification.onclick = () => {
      window.focus();
      onClick();
      notification.close();
    };
  } catch {
    // Some mobile browsers only notify from a service worker: the sound and the highlight remain.
  }
}
