package io.holi.testing;

/** Clearly fake keys, for tests only. Never use them anywhere else. */
public final class TestKeys {

    private TestKeys() {
    }

    public static final String JWT = "test-only-jwt-secret-0123456789abcdefghijklmnop";
    /** HOLI_METRICS_TOKEN of the test instances. */
    public static final String METRICS = "test-only-metrics-token-0123456789";
    public static final String JWT_PREVIOUS = "test-only-previous-jwt-secret-0123456789abcdefgh";
    /** 32 bytes each, hex. */
    public static final String FIELD_V1 = "7465737420666965" + "6c64206b65792076" + "3120303132333435" + "3637383961626364";
    public static final String FIELD_V2 = "7465737420666965" + "6c64206b65792076" + "3220303132333435" + "3637383961626364";
    public static final String BLIND_INDEX = "7465737420626c69" + "6e6420696e646578" + "206b657920303132" + "3334353637383961";

    /** Backup keys (age X25519), generated for these tests only; they protect nothing real. */
    public static final String BACKUP_IDENTITY = "AGE-SECRET-KEY-1J0E3CCUY59PANY255VKH2C2JG50WV5M2PYNEQASXHXP0WZXUTLQSDGNVY8";
    public static final String BACKUP_RECIPIENT = "age1rcex3sgpdwwsvgqwn3mqwe0pkm2cdw87azhzu3239hwhzyaqlqjs6qh2d5";
    /** Another test identity: the "wrong key". */
    public static final String OTHER_BACKUP_IDENTITY = "AGE-SECRET-KEY-1KH5ZC8CMZAK0A6PAUTMWX2A7VKEV7SNEH8GC3NKMAGDKSKNKR2VQ5324M8";

    /** Two RSA key pairs (2048 bits) made once per test JVM: generating one costs about a second of CPU. */
    private static final com.nimbusds.jose.jwk.RSAKey[] RSA = new com.nimbusds.jose.jwk.RSAKey[2];

    /**
     * RSA key pair number {@code which} (0 or 1) of this test JVM, under the given key id: the same pair under other ids
     * for clients that need only some key, the other pair where a test needs a key that is not the one registered.
     */
    public static synchronized com.nimbusds.jose.jwk.RSAKey rsa(int which, String keyId) {
        try {
            if (RSA[which] == null) {
                RSA[which] = new com.nimbusds.jose.jwk.gen.RSAKeyGenerator(2048).generate();
            }
            return new com.nimbusds.jose.jwk.RSAKey.Builder(RSA[which]).keyID(keyId).build();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
