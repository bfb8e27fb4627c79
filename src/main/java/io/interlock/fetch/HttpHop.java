package io.interlock.fetch;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One HTTP/1.1 exchange on a connection of its own, to the address that was checked
 * ({@link Target#address}); for https the TLS handshake names and verifies the host (SNI,
 * endpoint identification), not the address. {@code Connection: close}, no compression, no
 * pooling: the reading is simple enough to be bounded exactly — status line and headers of
 * limited size, a body (Content-Length, chunked or up to the close) read only up to the byte cap.
 *
 * <p>Why not {@link java.net.http.HttpClient}: it resolves the name itself when it connects, so
 * the address we checked need not be the one it reaches (DNS rebinding), and it refuses a
 * {@code Host} header, so connecting by address breaks name-based hosting.
 *
 * <p>Blocking; the caller runs it on another thread and {@link #abort}s it at its deadline,
 * which closes the socket under any read or write in progress.
 */
final class HttpHop {

    static final int MAX_LINE = 8 * 1024;
    static final int MAX_HEADER_BYTES = 64 * 1024;
    static final int MAX_HEADERS = 256;

    /** The answer to one hop. */
    record Reply(int status, String reason, List<HttpHeader> headers, byte[] body) {
        String header(String name) {
            for (HttpHeader h : headers) {
                if (h.name().equals(name)) {
                    return h.value();
                }
            }
            return null;
        }
    }

    /** The body went over the cap; reading stopped there. */
    static final class TooLarge extends IOException {
        TooLarge() {
            super("response body over the limit");
        }
    }

    /** The upstream's bytes are not an HTTP/1.x response. */
    static final class Malformed extends IOException {
        Malformed(String message) {
            super(message);
        }
    }

    /** The TCP connection or the TLS handshake failed. */
    static final class ConnectFailed extends IOException {
        ConnectFailed(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final SSLContext tls;
    private volatile Socket socket;
    private volatile boolean aborted;

    HttpHop(SSLContext tls) {
        this.tls = tls;
    }

    Reply exchange(Target target, String method, List<HttpHeader> headers, byte[] body, long maxBytes, int timeoutMillis)
            throws IOException {
        try (Socket connection = connect(target, timeoutMillis)) {
            OutputStream out = connection.getOutputStream();
            out.write(head(target, method, headers, body).getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            return read(new Reader(connection.getInputStream()), method, maxBytes);
        } catch (SocketException e) {
            if (aborted) {
                throw new Aborted();
            }
            throw e;
        }
    }

    /** Closes the connection under the exchange; it then ends at once with an IOException. */
    void abort() {
        aborted = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing is all we wanted
            }
        }
    }

    /** Thrown by an exchange that was aborted. */
    static final class Aborted extends IOException {
        Aborted() {
            super("aborted");
        }
    }

    private Socket connect(Target target, int timeoutMillis) throws IOException {
        Socket raw = new Socket();
        socket = raw;
        if (aborted) {
            raw.close();
            throw new Aborted();
        }
        try {
            raw.connect(new InetSocketAddress(target.address(), target.port()), timeoutMillis);
            raw.setSoTimeout(timeoutMillis);
            raw.setTcpNoDelay(true);
        } catch (IOException e) {
            raw.close();
            throw aborted ? new Aborted() : new ConnectFailed(describe(e), e);
        }
        if (!target.tls()) {
            return raw;
        }
        try {
            SSLSocketFactory factory = (tls == null ? SSLContext.getDefault() : tls).getSocketFactory();
            SSLSocket secure = (SSLSocket) factory.createSocket(raw, target.host(), target.port(), true);
            socket = secure;
            SSLParameters parameters = secure.getSSLParameters();
            // Verify the certificate against the name the policy asked for, not the address we connected to.
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            if (Hosts.ipv4(target.host()).isEmpty() && Hosts.ipv6(target.host()).isEmpty()) {
                parameters.setServerNames(List.of(new SNIHostName(target.host())));
            }
            parameters.setApplicationProtocols(new String[] {"http/1.1"});
            secure.setSSLParameters(parameters);
            secure.startHandshake();
            return secure;
        } catch (IOException | java.security.NoSuchAlgorithmException | IllegalArgumentException e) {
            raw.close();
            throw aborted ? new Aborted() : new ConnectFailed("TLS: " + describe(e), e);
        }
    }

    private static String describe(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static String head(Target target, String method, List<HttpHeader> headers, byte[] body) {
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target.requestTarget()).append(" HTTP/1.1\r\n");
        head.append("host: ").append(target.hostHeader()).append("\r\n");
        boolean agent = false;
        boolean accept = false;
        for (HttpHeader h : headers) {
            head.append(h.name()).append(": ").append(h.value()).append("\r\n");
            agent |= h.name().equals("user-agent");
            accept |= h.name().equals("accept");
        }
        if (!agent) {
            head.append("user-agent: Interlock\r\n");
        }
        if (!accept) {
            head.append("accept: */*\r\n");
        }
        head.append("accept-encoding: identity\r\n");
        if (body != null) {
            head.append("content-length: ").append(body.length).append("\r\n");
        } else if (method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            head.append("content-length: 0\r\n");
        }
        head.append("connection: close\r\n\r\n");
        return head.toString();
    }

    private static Reply read(Reader in, String method, long maxBytes) throws IOException {
        while (true) {
            String statusLine = in.line();
            if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new Malformed("not an HTTP/1.x response");
            }
            int status;
            try {
                status = Integer.parseInt(statusLine.substring(9, 12));
            } catch (NumberFormatException e) {
                throw new Malformed("no status code");
            }
            String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
            List<HttpHeader> headers = headers(in);
            if (status == 101) {
                throw new Malformed("the server switched protocols");
            }
            if (status < 200) {
                continue; // 100 Continue, 103 Early Hints: the real answer follows
            }
            Reply head = new Reply(status, reason, headers, new byte[0]);
            if (method.equals("HEAD") || status == 204 || status == 304) {
                return head;
            }
            return new Reply(status, reason, headers, body(in, head, maxBytes));
        }
    }

    private static List<HttpHeader> headers(Reader in) throws IOException {
        List<HttpHeader> headers = new ArrayList<>();
        int bytes = 0;
        for (String line = in.line(); !line.isEmpty(); line = in.line()) {
            bytes += line.length();
            if (bytes > MAX_HEADER_BYTES || headers.size() >= MAX_HEADERS) {
                throw new Malformed("response headers over " + MAX_HEADER_BYTES / 1024 + " KB");
            }
            if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && !headers.isEmpty()) {
                HttpHeader last = headers.remove(headers.size() - 1); // obsolete line folding
                headers.add(new HttpHeader(last.name(), last.value() + " " + line.strip()));
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new Malformed("a header line without a name");
            }
            headers.add(new HttpHeader(line.substring(0, colon).strip().toLowerCase(Locale.ROOT), line.substring(colon + 1).strip()));
        }
        return headers;
    }

    private static byte[] body(Reader in, Reply head, long maxBytes) throws IOException {
        String encoding = head.header("transfer-encoding");
        if (encoding != null && encoding.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            return chunked(in, maxBytes);
        }
        String length = head.header("content-length");
        if (length != null) {
            long size;
            try {
                size = Long.parseLong(length.strip());
            } catch (NumberFormatException e) {
                throw new Malformed("Content-Length is not a number");
            }
            if (size < 0) {
                throw new Malformed("Content-Length is negative");
            }
            if (size > maxBytes) {
                throw new TooLarge();
            }
            return in.bytes((int) size);
        }
        return in.rest(maxBytes);
    }

    private static byte[] chunked(Reader in, long maxBytes) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String line = in.line();
            int end = line.indexOf(';');
            long size;
            try {
                size = Long.parseLong((end < 0 ? line : line.substring(0, end)).strip(), 16);
            } catch (NumberFormatException e) {
                throw new Malformed("a bad chunk size");
            }
            if (size == 0) {
                headers(in); // trailers, discarded
                return body.toByteArray();
            }
            if (size < 0 || body.size() + size > maxBytes) {
                throw new TooLarge();
            }
            body.write(in.bytes((int) size));
            if (!in.line().isEmpty()) {
                throw new Malformed("a chunk longer than its size");
            }
        }
    }

    /** Buffered reading of lines and counted bytes, bounded. */
    private static final class Reader {
        private final InputStream in;
        private final byte[] buffer = new byte[8192];
        private int position;
        private int limit;

        Reader(InputStream in) {
            this.in = in;
        }

        private boolean fill() throws IOException {
            limit = in.read(buffer);
            position = 0;
            return limit > 0;
        }

        private int next() throws IOException {
            if (position >= limit && !fill()) {
                return -1;
            }
            return buffer[position++] & 0xff;
        }

        /** A line without its CRLF (or LF), as Latin-1 text. */
        String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = next(); c != '\n'; c = next()) {
                if (c < 0) {
                    throw new EOFException("the connection closed in the middle of the response");
                }
                if (line.length() >= MAX_LINE) {
                    throw new Malformed("a response line over " + MAX_LINE + " bytes");
                }
                line.append((char) c);
            }
            int length = line.length();
            return length > 0 && line.charAt(length - 1) == '\r' ? line.substring(0, length - 1) : line.toString();
        }

        byte[] bytes(int count) throws IOException {
            byte[] out = new byte[count];
            int filled = 0;
            while (filled < count) {
                if (position >= limit && !fill()) {
                    throw new EOFException("the connection closed before the whole body arrived");
                }
                int n = Math.min(count - filled, limit - position);
                System.arraycopy(buffer, position, out, filled, n);
                position += n;
                filled += n;
            }
            return out;
        }

        byte[] rest(long maxBytes) throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (position < limit || fill()) {
                int n = limit - position;
                if (out.size() + (long) n > maxBytes) {
                    throw new TooLarge();
                }
                out.write(buffer, position, n);
                position = limit;
            }
            return out.toByteArray();
        }
    }
}
