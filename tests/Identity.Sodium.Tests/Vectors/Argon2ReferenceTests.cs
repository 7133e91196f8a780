// References: Argon2 reference implementation, P-H-C/phc-winner-argon2 src/test.c (Argon2id, version 0x13),
// https://github.com/P-H-C/phc-winner-argon2/blob/master/src/test.c ; RFC 9106, https://www.rfc-editor.org/rfc/rfc9106
//
// Why not RFC 9106 §5.3: its Argon2id vector uses p = 4, a secret K and associated data X. libsodium's
// crypto_pwhash fixes p = 1 and takes neither K nor X, so that vector cannot be reproduced through it.
// The reference implementation's own p = 1 vectors are used instead. Their salts are 8 bytes ("somesalt"),
// while crypto_pwhash takes exactly 16, so they are checked through crypto_pwhash_str_verify, which reads
// the salt (and p) from the PHC string and recomputes the full tag; the test also ties each PHC tag to the
// hex output test.c asserts.
namespace Identity.Sodium.Tests.Vectors;

[TestClass]
public sealed partial class Argon2ReferenceTests
{
    // (t, log2 m KiB, p, password, salt, hex tag, PHC string), transcribed from test.c.
    public static IEnumerable<object[]> ReferenceVectors =>
    [
        [2, 16, 1, "password", "somesalt",
            "09316115d5cf24ed5a15a31a3ba326e5cf32edc24702987c02b6566f61913cf7",
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc"],
        [2, 18, 1, "password", "somesalt",
            "78fe1ec91fb3aa5657d72e710854e4c3d9b9198c742f9616c2f085bed95b2e8c",
            "$argon2id$v=19$m=262144,t=2,p=1$c29tZXNhbHQ$eP4eyR+zqlZX1y5xCFTkw9m5GYx0L5YWwvCFvtlbLow"],
        [2, 8, 1, "password", "somesalt",
            "9dfeb910e80bad0311fee20f9c0e2b12c17987b4cac90c2ef54d5b3021c68bfe",
            "$argon2id$v=19$m=256,t=2,p=1$c29tZXNhbHQ$nf65EOgLrQMR/uIPnA4rEsF5h7TKyQwu9U1bMCHGi/4"],
        [1, 16, 1, "password", "somesalt",
            "f6a5adc1ba723dddef9b5ac1d464e180fcd9dffc9d1cbf76cca2fed795d9ca98",
            "$argon2id$v=19$m=65536,t=1,p=1$c29tZXNhbHQ$9qWtwbpyPd3vm1rB1GThgPzZ3/ydHL92zKL+15XZypg"],
        [4, 16, 1, "password", "somesalt",
            "9025d48e68ef7395cca9079da4c4ec3affb3c8911fe4f86d1a2520856f63172c",
            "$argon2id$v=19$m=65536,t=4,p=1$c29tZXNhbHQ$kCXUjmjvc5XMqQedpMTsOv+zyJEf5PhtGiUghW9jFyw"],
        [2, 16, 1, "differentpassword", "somesalt",
            "0b84d652cf6b0c4beaef0dfe278ba6a80df6696281d7e0d2891b817d8c458fde",
            "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$C4TWUs9rDEvq7w3+J4umqA32aWKB1+DSiRuBfYxFj94"],
        [2, 16, 1, "password", "diffsalt",
            "bdf32b05ccc42eb15d58fd19b1f856b113da1e9a5874fdcc544308565aa8141c",
            "$argon2id$v=19$m=65536,t=2,p=1$ZGlmZnNhbHQ$vfMrBczELrFdWP0ZsfhWsRPaHppYdP3MVEMIVlqoFBw"],

        // p = 2: libsodium cannot hash with p > 1 but verifies such strings (lanes computed one after another).
        [2, 8, 2, "password", "somesalt",
            "6d093c501fd5999645e0ea3bf620d7b8be7fd2db59c20d9fff9539da2bf57037",
            "$argon2id$v=19$m=256,t=2,p=2$c29tZXNhbHQ$bQk8UB/VmZZF4Oo79iDXuL5/0ttZwg2f/5U52iv1cDc"],
    ];

    // Raw-output vectors for TryDeriveKey with a 16-byte salt, computed with the reference implementation's CLI
    // (Debian argon2 0~20171227): echo -n password | argon2 somesaltsomesalt -id -t T -k M -p 1 -l 32 -r
    public static IEnumerable<object[]> DeriveKeyVectors =>
    [
        [2, 65536, "password", "somesaltsomesalt", "fc33b78139231d34b71626bd6245c1d72efa190ad605c3d8166a72adcedfa2c2"],
        [1, 65536, "password", "somesaltsomesalt", "ec2b46acb6f8aec6804bf8df88feeca36a4412df3bea8d2cc99c08a9e8977a72"],
        [4, 65536, "password", "somesaltsomesalt", "34a6f651a0ab14f3b15f86115f0ae5532e1029365d8c218f47d24f66dab2688f"],
        [3, 8, "password", "somesaltsomesalt", "039b4dfbb07acfb48a53c0c9498d0067e5a309d9a2e6882786da29351deb487b"],
        [2, 1024, "password", "somesaltsomesalt", "08a19ee7f6d7f589c2ab6af18d6e724172b19f7d6fd462b38430ab31ceabeaf0"],
    ];

    [TestMethod]
    [DynamicData(nameof(ReferenceVectors))]
    public void VerifyPassword_ReferenceVector_AcceptsPasswordAndMatchesHexTag(int t, int log2MemoryKiB, int p, string password, string salt, string hexTag, string phc)
    {
        // Arrange: the PHC string must encode exactly the parameters and tag that test.c asserts.
        string[] fields = phc.Split('$');
        Assert.AreEqual($"m={1 << log2MemoryKiB},t={t},p={p}", fields[3]);
        CollectionAssert.AreEqual(System.Text.Encoding.ASCII.GetBytes(salt), DecodeUnpaddedBase64(fields[4]));
        Assert.AreEqual(hexTag, Convert.ToHexStringLower(DecodeUnpaddedBase64(fields[5])));

        // Act / Assert
        Assert.IsTrue(Argon2id.VerifyPassword(phc, System.Text.Encoding.ASCII.GetBytes(password)));
        Assert.IsFalse(Argon2id.VerifyPassword(phc, System.Text.Encoding.ASCII.GetBytes(password + "x")));
    }

    [TestMethod]
    [DynamicData(nameof(DeriveKeyVectors))]
    public void TryDeriveKey_ReferenceCliVector_ReproducesTag(int t, int memoryKiB, string password, string salt, string hexTag)
    {
        byte[] output = new byte[32];

        bool derived = Argon2id.TryDeriveKey(
            System.Text.Encoding.ASCII.GetBytes(password), System.Text.Encoding.ASCII.GetBytes(salt), t, memoryKiB * 1024L, output);

        Assert.IsTrue(derived);
        Assert.AreEqual(hexTag, Convert.ToHexStringLower(output));
    }

    private static byte[] DecodeUnpaddedBase64(string value)
    {
        return Convert.FromBase64String(value.PadRight(value.Length + ((4 - (value.Length % 4)) % 4), '='));
    }
}
