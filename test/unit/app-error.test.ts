import { APP_ERROR_CODES, AppError, httpStatusOf, messageOf } from '../../shared/src/errors/app-error';

describe('AppError', () => {
  it('has a client status and a message in both languages for every code', () => {
    for (const code of APP_ERROR_CODES) {
      const status = httpStatusOf(code);
      expect(status >= 400 && status < 600).toBe(true);
      expect(messageOf(code, 'zh-CN')).toMatch(/[\u4e00-\u9fff]/);
      expect(messageOf(code, 'en')).toMatch(/^[\x20-\x7e’]+$/);
    }
    expect(new Set(APP_ERROR_CODES).size).toBe(APP_ERROR_CODES.length);
  });

  it('answers bad input with 4xx and only INTERNAL / SERVICE_UNAVAILABLE with 5xx', () => {
    const serverSide = APP_ERROR_CODES.filter((code) => httpStatusOf(code) >= 500);
    expect(serverSide.sort()).toEqual(['INTERNAL', 'SERVICE_UNAVAILABLE']);
    expect(new AppError('VERSION_CONFLICT').status).toBe(409);
  });
});
