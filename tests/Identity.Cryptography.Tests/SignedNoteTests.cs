// C2SP signed-note examples ("Verifier keys" section) — https://c2sp.org/signed-note
using Identity.Cryptography.TransparencyLog;
using Identity.Primitives.TransparencyLog;

namespace Identity.Cryptography.Tests;

[TestClass]
public sealed class SignedNoteTests
{
    private const string SpecKey = "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";

    private const string SpecNote = "This is an example message.\n\n\u2014 example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n";

    [TestMethod]
    public void VerifiedBy_SpecExample_Verifies()
    {
        Assert.IsTrue(NoteVerifierKey.TryParse(SpecKey, out var key));
        Assert.IsTrue(SignedNote.TryParse(SpecNote, out var note));

        Assert.IsTrue(note!.VerifiedBy(key!));
        Assert.AreEqual("This is an example message.\n", note.Text);
        Assert.AreEqual(0x530d903au, key!.KeyId);
        Assert.AreEqual(SpecKey, key.ToString());
        Assert.AreEqual(SpecNote, note.ToString());
    }

    [TestMethod]
    public void VerifiedBy_AlteredText_Fails()
    {
        NoteVerifierKey.TryParse(SpecKey, out var key);
        SignedNote.TryParse(SpecNote.Replace("example", "exemplary", StringComparison.Ordinal), out var note);

        Assert.IsFalse(note!.VerifiedBy(key!));
    }

    [TestMethod]
    public void VerifiedBy_OnlyOtherKeysSignatures_Fails()
    {
        using var other = SignatureAlgorithms.Ed25519.GenerateKey();
        var note = SignedNote.Sign("hello\n", "example.com/foo", other);
        NoteVerifierKey.TryParse(SpecKey, out var key);

        Assert.IsFalse(note.VerifiedBy(key!));
    }

    [TestMethod]
    public void Sign_Checkpoint_VerifiesAndIgnoresAnUnknownCosignature()
    {
        using var logKey = SignatureAlgorithms.Ed25519.GenerateKey();
        var checkpoint = new Checkpoint("identity.example/log", 3, new byte[32]);
        var vkey = NoteVerifierKey.ForEd25519("identity.example/log", logKey.PublicKey.Bytes.Span);

        var note = SignedNote.Sign(checkpoint.ToText(), "identity.example/log", logKey);
        var withWitness = note with { Signatures = [.. note.Signatures, new NoteSignature("witness.example/w1", new byte[76])] };

        Assert.IsTrue(SignedNote.TryParse(withWitness.ToString(), out var parsed));
        Assert.IsTrue(parsed!.VerifiedBy(vkey));
        Assert.IsTrue(NoteVerifierKey.TryParse(vkey.ToString(), out var roundTrip));
        Assert.AreEqual(vkey, roundTrip);
        StringAssert.StartsWith(withWitness.ToString(), checkpoint.ToText() + "\n\u2014 identity.example/log ");
    }

    [TestMethod]
    public void VerifiedBy_KnownKeyWithBadSignature_FailsEvenWithAGoodOne()
    {
        using var logKey = SignatureAlgorithms.Ed25519.GenerateKey();
        var vkey = NoteVerifierKey.ForEd25519("log", logKey.PublicKey.Bytes.Span);
        var good = SignedNote.Sign("text\n", "log", logKey);
        var bad = good.Signatures[0].Blob.ToArray();
        bad[10] ^= 1;

        Assert.IsFalse((good with { Signatures = [good.Signatures[0], new NoteSignature("log", bad)] }).VerifiedBy(vkey));
    }

    [TestMethod]
    [DataRow("example.com/foo+530d903b+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [DataRow("example.com/foo+530D903A+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [DataRow("example.com/foo+530d903a+AskyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    [DataRow("example.com/foo+530d903a")]
    [DataRow("example com+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k")]
    public void TryParse_BadVerifierKey_IsRefused(string text) => Assert.IsFalse(NoteVerifierKey.TryParse(text, out _));

    [TestMethod]
    [DataRow("no blank line\n\u2014 a AAAAAAA=\n")]
    [DataRow("text\n\n- a AAAAAAAA\n")]
    [DataRow("text\n\n\u2014 a AAAA\n")]
    [DataRow("text\n\n\u2014 a AAAAAAAA")]
    [DataRow("te\u0001xt\n\n\u2014 a AAAAAAAA\n")]
    public void TryParse_MalformedNote_IsRefused(string text) => Assert.IsFalse(SignedNote.TryParse(text, out _));
}
