import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { messageOf } from '@careline/shared';

/**
 * Requests Node's HTTP parser cannot read (a NUL or a line break in a header, a broken request line, a bad
 * Transfer-Encoding) never reach Express: Node answers a bare `400 Bad Request`. This answers them like every other
 * refusal: 400 MALFORMED_REQUEST with the message in Chinese and English (the headers, with Accept-Language, are
 * what could not be read). Headers over Node's size limit keep Node's own 431.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    if (error.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    if (error.code === 'HPE_HEADER_OVERFLOW') {
      socket.end('HTTP/1.1 431 Request Header Fields Too Large\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const body = JSON.stringify({ error: { code: 'MALFORMED_REQUEST', message: `${messageOf('MALFORMED_REQUEST', 'zh-CN')} / ${messageOf('MALFORMED_REQUEST', 'en')}` } });
    socket.end(
      `HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  });
}
