using System.Text.Json.Nodes;
using BenchmarkDotNet.Attributes;
using Identity.Primitives.Canonicalization;

namespace Identity.Benchmarks;

/// <summary>JCS of a ~2 KB credential, from a parsed tree and from raw UTF-8; System.Text.Json's plain (non-canonical) write as the baseline.</summary>
[MemoryDiagnoser]
public class JcsBenchmarks
{
    private byte[] _utf8 = null!;
    private JsonNode _node = null!;

    [GlobalSetup]
    public void Setup()
    {
        _utf8 = File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Data", "credential-2kb.json"));
        _node = JsonNode.Parse(_utf8)!;
    }

    [Benchmark(Baseline = true)]
    public string SystemTextJsonWrite() => _node.ToJsonString();

    [Benchmark]
    public byte[] JcsFromNode() => Jcs.Canonicalize(_node).Value;

    [Benchmark]
    public byte[] JcsFromUtf8() => Jcs.Canonicalize(_utf8).Value;
}
