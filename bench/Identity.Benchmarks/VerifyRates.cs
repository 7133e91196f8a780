using System.Diagnostics;
using System.Globalization;
using NSec.Cryptography;

namespace Identity.Benchmarks;

/// <summary>
/// Issue 23: one verification path and its crypto bound, timed in the same process in alternating slices so that a
/// shared machine's noise lands on both alike. <c>-- verify-rates vp|rdfc|sdjwt [seconds]</c> prints each slice pair's
/// ratio and, on the last line, "ours bound" in operations per second. The bound is the signature checks the path must
/// make, on NSec directly: two Ed25519 verifies of the 64 bytes eddsa-jcs-2022 signs for a VP; for RDFC, SHA-256 of
/// both canonical forms plus one verify; for SD-JWT VC + KB, the presentation's own two JWS signatures.
/// <c>-- verify-loop vp|rdfc|sdjwt seconds</c> runs the path alone, for a profiler (dotnet-trace) to sample.
/// </summary>
internal static class VerifyRates
{
    private const double SliceSeconds = 0.5;

    public static int Run(string kind, double seconds)
    {
        (Func<bool> ours, Func<bool> bound) = Paths(kind);
        Rate(ours, 1);
        Rate(bound, 0.5);
        long oursCount = 0, boundCount = 0;
        double oursTime = 0, boundTime = 0;
        var ratios = new List<double>();
        for (double spent = 0; spent < seconds; spent += SliceSeconds)
        {
            (long o, double ot) = Count(ours, SliceSeconds / 2);
            (long b, double bt) = Count(bound, SliceSeconds / 2);
            oursCount += o;
            oursTime += ot;
            boundCount += b;
            boundTime += bt;
            ratios.Add(o / ot / (b / bt));
        }

        ratios.Sort();
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        int gen0Before = GC.CollectionCount(0);
        for (int i = 0; i < 200; i++)
        {
            ours();
        }

        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind}: {(GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / 200:N0} bytes allocated per verify; {GC.CollectionCount(0) - gen0Before} gen-0 collections per 200"));
        double oursRate = oursCount / oursTime, boundRate = boundCount / boundTime;
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{kind}: ours {oursRate:F0}/s, bound {boundRate:F0}/s, {100 * oursRate / boundRate:F1} % (slice ratios p10–p90 {100 * ratios[ratios.Count / 10]:F0}–{100 * ratios[ratios.Count * 9 / 10]:F0} %)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{oursRate:F0} {boundRate:F0}"));
        return 0;
    }

    public static int Loop(string kind, double seconds)
    {
        (Func<bool> ours, _) = Paths(kind);
        Console.WriteLine(Rate(ours, seconds).ToString("F0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static (Func<bool> Ours, Func<bool> Bound) Paths(string kind)
    {
        switch (kind)
        {
            case "vp":
            {
                var bench = new PresentationVerifyBenchmarks();
                bench.Setup();
                return (bench.VerifyPresentation, () => bench.RawEd25519Verify() & bench.RawEd25519Verify());
            }

            case "rdfc":
            {
                var bench = new RdfcVerifyBenchmarks();
                bench.Setup();
                return (() => bench.VerifyCredentialProof().Result, bench.HashAndEd25519Verify);
            }

            case "sdjwt":
            {
                var bench = new SdJwtVerifyBenchmarks();
                bench.Setup();
                string[] parts = bench.Presentation.Split('~');
                (PublicKey issuerKey, byte[] issuerInput, byte[] issuerSignature) = Jws(parts[0], bench.IssuerPublicKey);
                (PublicKey holderKey, byte[] kbInput, byte[] kbSignature) = Jws(parts[^1], bench.HolderPublicKey);
                return (bench.VerifySdJwtPresentation, () =>
                    SignatureAlgorithm.Ed25519.Verify(issuerKey, issuerInput, issuerSignature)
                    & SignatureAlgorithm.Ed25519.Verify(holderKey, kbInput, kbSignature));
            }

            default:
                throw new ArgumentException($"Unknown path '{kind}': vp, rdfc or sdjwt.", nameof(kind));
        }
    }

    /// <summary>A compact JWS's signing input and signature, with the key that verifies it.</summary>
    private static (PublicKey Key, byte[] Input, byte[] Signature) Jws(string compact, byte[] rawKey)
    {
        int dot = compact.LastIndexOf('.');
        return (PublicKey.Import(SignatureAlgorithm.Ed25519, rawKey, KeyBlobFormat.RawPublicKey),
            System.Text.Encoding.ASCII.GetBytes(compact[..dot]), System.Buffers.Text.Base64Url.DecodeFromChars(compact.AsSpan(dot + 1)));
    }

    private static (long Count, double Seconds) Count(Func<bool> operation, double seconds)
    {
        long count = 0;
        long start = Stopwatch.GetTimestamp();
        double elapsed;
        do
        {
            if (!operation())
            {
                throw new InvalidOperationException("A path stopped verifying.");
            }

            count++;
            elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        }
        while (elapsed < seconds);
        return (count, elapsed);
    }

    private static double Rate(Func<bool> operation, double seconds)
    {
        (long count, double elapsed) = Count(operation, seconds);
        return count / elapsed;
    }
}
