// Red-team test for the one-pass SD-JWT split: on every arrangement of tildes, empty parts and a Key Binding JWT, the
// verdict and the parts are the old split's (text[..last].Split('~')).
using Identity.Credentials.SdJwt;
using Identity.Primitives;

namespace Identity.Credentials.Tests.Jose;

[TestClass]
public sealed class SdJwtSplitAttackTests
{
    private const string Jws = "eyJhbGciOiJFZERTQSJ9.e30.AA";

    [TestMethod]
    public void Parse_EveryShortArrangement_SameAsTheOldSplit()
    {
        string[] pieces = ["~", "~", "d", "kb.kb.kb", Jws, ""];
        var random = new Random(2126);
        for (int i = 0; i < 20_000; i++)
        {
            string text = (random.Next(4) == 0 ? string.Empty : Jws) + string.Concat(Enumerable.Range(0, random.Next(8)).Select(_ => pieces[random.Next(pieces.Length)]));

            Result<SdJwtToken> parsed = SdJwtToken.Parse(text);
            (string? error, string[]? disclosures, string? keyBinding) = OldSplit(text);

            Assert.AreEqual(error, parsed.IsSuccess ? null : parsed.Error!.Code, text);
            if (parsed.IsSuccess)
            {
                CollectionAssert.AreEqual(disclosures, parsed.Value.Disclosures.ToArray(), text);
                Assert.AreEqual(keyBinding, parsed.Value.KeyBindingJwt, text);
                Assert.AreEqual(text[..(text.LastIndexOf('~') + 1)], parsed.Value.WithoutKeyBinding, text);
            }
        }
    }

    [TestMethod]
    public void Parse_LimitAndEmptyTogether_RefusedAsBefore()
    {
        string atLimit = Jws + "~" + string.Concat(Enumerable.Repeat("d~", SdJwtProcessor.MaxDisclosures));
        foreach (string text in (string[])[atLimit + "~", atLimit + "d~", "~" + atLimit[1..], atLimit + "kb.kb.kb"])
        {
            Result<SdJwtToken> parsed = SdJwtToken.Parse(text, int.MaxValue);
            Assert.AreEqual(OldSplit(text, int.MaxValue).Error, parsed.IsSuccess ? null : parsed.Error!.Code, text.Length.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    private static (string? Error, string[]? Disclosures, string? KeyBinding) OldSplit(string text, int maxLength = SdJwtToken.DefaultMaxLength)
    {
        if (text.Length > maxLength)
        {
            return (ErrorCodes.TokenTooLarge, null, null);
        }

        int last = text.LastIndexOf('~');
        if (last < 0)
        {
            return (ErrorCodes.MalformedJws, null, null);
        }

        string[] parts = text[..last].Split('~');
        if (parts.Length - 1 > SdJwtProcessor.MaxDisclosures || parts.Skip(1).Any(p => p.Length == 0))
        {
            return (ErrorCodes.MalformedDisclosure, null, null);
        }

        Result<Identity.Credentials.Jose.CompactJws> issuer = Identity.Credentials.Jose.CompactJws.Parse(parts[0], maxLength);
        if (!issuer.IsSuccess)
        {
            return (issuer.Error!.Code, null, null);
        }

        string tail = text[(last + 1)..];
        return (null, parts[1..], tail.Length == 0 ? null : tail);
    }
}
