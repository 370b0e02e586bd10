package io.contextstore.migration.notify;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import io.contextstore.migration.config.NotificationProperties.Notification;
import org.springframework.stereotype.Component;

/** {@code X-Migration-Signature}: {@code sha256=} and the hex HMAC-SHA256 of the bytes sent, keyed with the receiver's secret. */
@Component("notificationSignature")
public class NotificationSignature {

    public String sign(byte[] body, Notification receiver) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(receiver.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
