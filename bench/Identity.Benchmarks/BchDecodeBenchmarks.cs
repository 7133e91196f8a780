using BenchmarkDotNet.Attributes;
using Identity.Biometrics.Coding;

namespace Identity.Benchmarks;

/// <summary>
/// One BCH decode attempt, the unit of work of a biometric match: the iris code BCH(2047, 67, t = 439) at 0, 200 and
/// 400 bit errors and at 1000 (an impostor's word, which must fail), and the face code BCH(511, 67, t = 87) at 60
/// errors. Target (biometrics.md): ≤ 2 ms per attempt. Run:
/// <c>dotnet run -c Release --project bench/Identity.Benchmarks -- --filter '*BchDecode*'</c>.
/// </summary>
[MemoryDiagnoser]
public class BchDecodeBenchmarks
{
    private const int Words = 16;

    private static readonly BchCode s_iris = BchCode.Create(11, 439);
    private static readonly BchCode s_face = BchCode.Create(9, 87);

    private byte[][] _iris = [];
    private byte[][] _face = [];
    private readonly byte[] _irisMessage = new byte[s_iris.MessageBytes];
    private readonly byte[] _faceMessage = new byte[s_face.MessageBytes];
    private int _next;

    [Params(0, 200, 400, 1000)]
    public int IrisErrors { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(IrisErrors + 1);
        _iris = Enumerable.Range(0, Words).Select(_ => NoisyCodeword(s_iris, random, IrisErrors)).ToArray();
        _face = Enumerable.Range(0, Words).Select(_ => NoisyCodeword(s_face, random, 60)).ToArray();
    }

    [Benchmark]
    public bool IrisDecode() => s_iris.Decode(_iris[_next++ % Words], _irisMessage).IsSuccess;

    [Benchmark]
    public bool FaceDecode60Errors() => s_face.Decode(_face[_next++ % Words], _faceMessage).IsSuccess;

    private static byte[] NoisyCodeword(BchCode code, Random random, int errors)
    {
        var message = new byte[code.MessageBytes];
        random.NextBytes(message);
        message[^1] &= (byte)((1 << (code.Dimension % 8)) - 1);
        byte[] word = code.Encode(message);
        int[] positions = Enumerable.Range(0, code.Length).ToArray();
        random.Shuffle(positions);
        foreach (int p in positions.AsSpan(0, errors))
        {
            word[p / 8] ^= (byte)(1 << (p % 8));
        }

        return word;
    }
}
