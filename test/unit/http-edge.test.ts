import { loadConfig } from '@careline/shared/server';
import fc from 'fast-check';
import { isReadableJson, isReadableText } from '../../api/src/http/request-guard';
import { loggablePath } from '../../api/src/http/request-log';

describe('readable text', () => {
  it('refuses NUL and lone surrogates, and nothing else', () => {
    expect(isReadableText('客户很生气 😡 ok')).toBe(true);
    for (const text of ['a\u0000b', '\ud800', 'x\udfff', '\ud83d', '\ude00a']) expect(isReadableText(text)).toBe(false);
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => isReadableText(text) === !text.includes('\u0000')));
    fc.assert(
      fc.property(fc.string(), fc.integer({ min: 0xd800, max: 0xdfff }), fc.string(), (before, code, after) => {
        // A lone surrogate anywhere is found, whatever surrounds it (unless it happens to pair with a neighbour).
        const text = `${before.replace(/[\ud800-\udfff]/g, '')}${String.fromCharCode(code)}${after.replace(/[\ud800-\udfff]/g, '')}`;
        return !isReadableText(text);
      }),
    );
  });

  it('walks every string and key of a JSON value', () => {
    expect(isReadableJson({ a: ['b', { c: 'd' }], e: 1, f: null })).toBe(true);
    expect(isReadableJson({ a: ['b', { c: 'd\u0000' }] })).toBe(false);
    expect(isReadableJson({ 'k\ud800': 1 })).toBe(false);
    expect(isReadableJson(JSON.parse('[[[["\\udc00"]]]]'))).toBe(false);
  });
});

describe('the logged path', () => {
  it('drops the query and masks what could be a phone, a VIN or a plate, keeping ids and words', () => {
    expect(loggablePath('/api/customers/lookup?phone=13800138000')).toBe('/api/customers/lookup');
    expect(loggablePath('/api/customers/13800138000')).toBe('/api/customers/:masked');
    // Tracking tokens, even one without digits (it would pass as a word).
    expect(loggablePath('/api/track/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ')).toBe('/api/track/:masked');
    expect(loggablePath('/t/abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQ')).toBe('/t/:masked');
    expect(loggablePath('/api/vehicles/LSVAU2180N2183294/history')).toBe('/api/vehicles/:masked/history');
    expect(loggablePath('/api/plates/%E4%BA%ACA12345')).toBe('/api/plates/:masked');
    expect(loggablePath('/api/tickets/3f1c4f9e-1111-4d2a-9a7b-0123456789ab/events')).toBe('/api/tickets/3f1c4f9e-1111-4d2a-9a7b-0123456789ab/events');
    expect(loggablePath('/api/calendars/x/years/2026')).toBe('/api/calendars/x/years/2026');
    expect(loggablePath('/assets/index-abc123.js')).toBe('/assets/index-abc123.js');
    fc.assert(fc.property(fc.stringMatching(/^1[3-9]\d{9}$/), fc.stringMatching(/^[A-HJ-NPR-Z0-9]{17}$/), (phone, vin) => {
      const logged = loggablePath(`/a/${phone}/b/${vin}?phone=${phone}`);
      return !logged.includes(phone) && !logged.includes(vin.slice(-6));
    }));
  });
});

describe('allowed origins', () => {
  it('are PUBLIC_URL’s origin and ALLOWED_ORIGINS; without PUBLIC_URL the local addresses of the port', () => {
    expect(loadConfig({ PORT: '9000' }).allowedOrigins).toEqual(['http://localhost:9000', 'http://127.0.0.1:9000', 'http://[::1]:9000']);
    const behindProxy = loadConfig({ PUBLIC_URL: 'https://careline.example.cn/console/', ALLOWED_ORIGINS: 'https://dms.example.cn:8443/app, https://b.example.cn' });
    expect(behindProxy.allowedOrigins).toEqual(['https://careline.example.cn', 'https://dms.example.cn:8443', 'https://b.example.cn']);
    expect(behindProxy.secureCookies).toBe(true);
    expect(loadConfig({ PUBLIC_URL: 'http://10.0.0.5:8080' }).allowedOrigins).toEqual(['http://10.0.0.5:8080']);
  });
});

describe('the demo size', () => {
  it('is 520 tickets unless DEMO_TICKETS says otherwise, and a start with a nonsense count fails naming it', () => {
    expect(loadConfig({}).demoTickets).toBe(520);
    expect(loadConfig({ DEMO_TICKETS: '' }).demoTickets).toBe(520);
    expect(loadConfig({ DEMO_TICKETS: '0' }).demoTickets).toBe(0);
    expect(loadConfig({ DEMO_TICKETS: '120' }).demoTickets).toBe(120);
    for (const wrong of ['-1', '1.5', 'many', '100001']) expect(() => loadConfig({ DEMO_TICKETS: wrong })).toThrow(`DEMO_TICKETS must be a whole number from 0 to 100000 (got ${wrong})`);
  });
});
