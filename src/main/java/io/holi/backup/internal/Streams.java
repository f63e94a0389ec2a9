package io.holi.backup.internal;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Byte counting and SHA-256 on the way through, so a backup is hashed without being read twice. */
final class Streams {

    private Streams() {
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static final class Hashing extends FilterOutputStream {
        private final MessageDigest digest = sha256();
        private long bytes;
        private final boolean closeUnderlying;

        Hashing(OutputStream out, boolean closeUnderlying) {
            super(out);
            this.closeUnderlying = closeUnderlying;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            digest.update((byte) b);
            bytes++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            digest.update(b, off, len);
            bytes += len;
        }

        @Override
        public void close() throws IOException {
            if (closeUnderlying) {
                super.close();
            } else {
                out.flush();
            }
        }

        long bytes() {
            return bytes;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }

    static final class HashingInput extends FilterInputStream {
        private final MessageDigest digest = sha256();
        private long bytes;

        HashingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                digest.update((byte) b);
                bytes++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                digest.update(b, off, n);
                bytes += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        /** Reads what is left, so the hash covers the whole stream. */
        void drain() throws IOException {
            byte[] buf = new byte[1 << 16];
            while (read(buf, 0, buf.length) >= 0) {
                // hashing happens in read
            }
        }

        long bytes() {
            return bytes;
        }

        String hex() {
            return HexFormat.of().formatHex(digest.digest());
        }
    }
}
