using FsCheck;
using FsCheck.Fluent;
using Identity.Biometrics.Coding;
using Identity.Primitives;
using Microsoft.FSharp.Core;

namespace Identity.Biometrics.Tests.Coding;

/// <summary>
/// FsCheck properties of the two BCH codes the schemes use: every pattern of at most t errors is corrected exactly,
/// and beyond t the decoder reports failure or lands on another codeword within t, never crashes. Fixed replay seeds
/// keep CI reproducible; the case counts keep the class well under ten seconds.
/// </summary>
[TestClass]
public sealed class BchCodeProperties
{
    private static readonly Lazy<BchCode> s_iris = new(() => BchCode.Create(11, 439));
    private static readonly Lazy<BchCode> s_face = new(() => BchCode.Create(9, 87));

    [TestMethod]
    [DataRow(11, 439, 150)]
    [DataRow(9, 87, 400)]
    public void Decode_AnyPatternOfAtMostTErrors_RecoversTheMessage(int m, int t, int cases)
    {
        BchCode code = Code(m, t);
        Gen<(int Errors, int Seed)> cases_ = ErrorCounts(0, t).SelectMany(e => Gen.Choose(0, int.MaxValue - 1), (e, s) => (e, s));

        Prop.ForAll(cases_.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            byte[] message = BitNoise.RandomBits(random, code.Dimension);
            byte[] received = BitNoise.FlipDistinct(random, code.Encode(message), code.Length, c.Errors);
            var decoded = new byte[code.MessageBytes];

            Result<int> result = code.Decode(received, decoded);

            return result.IsSuccess && result.Value == c.Errors && decoded.AsSpan().SequenceEqual(message);
        }).Check(Seeded(cases, (ulong)((m * 1000) + t)));
    }

    [TestMethod]
    [DataRow(11, 439, 150)]
    [DataRow(9, 87, 400)]
    public void Decode_MoreThanTErrors_FailsOrReturnsAnotherCodewordWithinT(int m, int t, int cases)
    {
        BchCode code = Code(m, t);
        Gen<(int Errors, int Seed)> cases_ = ErrorCounts(t + 1, code.Length).SelectMany(e => Gen.Choose(0, int.MaxValue - 1), (e, s) => (e, s));

        Prop.ForAll(cases_.ToArbitrary(), c =>
        {
            var random = new Random(c.Seed);
            byte[] message = BitNoise.RandomBits(random, code.Dimension);
            byte[] received = BitNoise.FlipDistinct(random, code.Encode(message), code.Length, c.Errors);

            Result<byte[]> result = code.Decode(received);

            if (!result.IsSuccess)
            {
                return result.Error!.Code == ErrorCodes.UncorrectableErrors;
            }

            // A bounded-distance decoder may only mis-correct to a different codeword within t of what it received.
            byte[] corrected = code.Encode(result.Value);
            return !result.Value.AsSpan().SequenceEqual(message) && BitNoise.Distance(corrected, received) <= t;
        }).Check(Seeded(cases, (ulong)((m * 1000) + t + 1)));
    }

    private static Config Seeded(int cases, ulong seed) => Config.QuickThrowOnFailure
        .WithMaxTest(cases)
        .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(seed, 0x9E3779B97F4A7C15UL), FSharpOption<int>.None)));

    private static BchCode Code(int m, int t) => (m, t) switch
    {
        (11, 439) => s_iris.Value,
        (9, 87) => s_face.Value,
        _ => BchCode.Create(m, t),
    };

    // Error counts from lo to hi, with the edges (lo, lo + 1, hi − 1, hi) drawn often: that is where decoders break.
    private static Gen<int> ErrorCounts(int lo, int hi) => Gen.Frequency(
        (4, Gen.Choose(lo, hi)),
        (1, Gen.Elements(lo, Math.Min(hi, lo + 1), Math.Max(lo, hi - 1), hi)));
}
