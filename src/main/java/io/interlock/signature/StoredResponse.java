package io.interlock.signature;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * An HTTP answer kept by the {@link ReplayGuard} so a replay gets exactly the bytes the first
 * call got (including its decision id header). Immutable: arrays are copied in and out.
 */
public record StoredResponse(int status, byte[] body, Map<String, String> headers) {

    public StoredResponse {
        body = Objects.requireNonNull(body, "body").clone();
        headers = Map.copyOf(headers);
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredResponse that
                && status == that.status
                && Arrays.equals(body, that.body)
                && headers.equals(that.headers);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, Arrays.hashCode(body), headers);
    }

    @Override
    public String toString() {
        return "StoredResponse[status=" + status + ", body=" + body.length + " bytes, headers=" + headers.keySet() + "]";
    }
}
