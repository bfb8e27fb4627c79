package io.interlock.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 written by hand, for the headers java.net.http will not send as given (Host, several
 * Host lines, none at all, an absolute request target). One request per connection.
 */
public final class RawHttp {

    /** Status code and body of one answer. */
    public record Answer(int status, String head, String body) {}

    private RawHttp() {}

    /** Sends {@code head} (request line and headers, CRLF-separated, no blank line) and {@code body}. */
    public static Answer send(String host, int port, String head, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String request = head + "\r\nConnection: close\r\n"
                + (bytes.length > 0 ? "Content-Length: " + bytes.length + "\r\n" : "") + "\r\n";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 30_000);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            String text = new String(readAll(socket.getInputStream()), StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            String answerHead = split < 0 ? text : text.substring(0, split);
            String answerBody = split < 0 ? "" : text.substring(split + 4);
            return new Answer(Integer.parseInt(answerHead.split(" ", 3)[1]), answerHead, answerBody);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        in.transferTo(all);
        return all.toByteArray();
    }
}
