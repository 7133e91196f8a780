// References: Argon2 reference implementation, P-H-C/phc-winner-argon2 (Argon2id, version 0x13),
// https://github.com/P-H-C/phc-winner-argon2 ; RFC 9106, https://www.rfc-editor.org/rfc/rfc9106
//
// Why not RFC 9106 §5.3: its Argon2id vector uses p = 4, a secret K and associated data X; NSec's Argon2id (libsodium's
// crypto_pwhash) fixes p = 1 and takes neither. The reference test.c vectors use 8-byte salts, while NSec takes exactly
// 16, so the raw-output vectors below were computed with the reference implementation's CLI on 16-byte salts.
namespace Identity.Cryptography.Tests.Vectors;

[TestClass]
public sealed partial class Argon2ReferenceTests
{
    // Computed with the reference CLI (Debian argon2 0~20171227):
    // echo -n password | argon2 somesaltsomesalt -id -t T -k M -p 1 -l 32 -r
    public static IEnumerable<object[]> DeriveKeyVectors =>
    [
        [2, 65536, "password", "somesaltsomesalt", "fc33b78139231d34b71626bd6245c1d72efa190ad605c3d8166a72adcedfa2c2"],
        [1, 65536, "password", "somesaltsomesalt", "ec2b46acb6f8aec6804bf8df88feeca36a4412df3bea8d2cc99c08a9e8977a72"],
        [4, 65536, "password", "somesaltsomesalt", "34a6f651a0ab14f3b15f86115f0ae5532e1029365d8c218f47d24f66dab2688f"],
        [3, 8, "password", "somesaltsomesalt", "039b4dfbb07acfb48a53c0c9498d0067e5a309d9a2e6882786da29351deb487b"],
        [2, 1024, "password", "somesaltsomesalt", "08a19ee7f6d7f589c2ab6af18d6e724172b19f7d6fd462b38430ab31ceabeaf0"],
    ];

    [TestMethod]
    [DynamicData(nameof(DeriveKeyVectors))]
    public void TryDeriveKey_ReferenceCliVector_ReproducesTag(int t, int memoryKiB, string password, string salt, string hexTag)
    {
        byte[] output = new byte[32];

        bool derived = Argon2id.TryDeriveKey(Encoding.ASCII.GetBytes(password), Encoding.ASCII.GetBytes(salt), t, memoryKiB * 1024L, output);

        Assert.IsTrue(derived);
        Assert.AreEqual(hexTag, Convert.ToHexStringLower(output));
    }
}
