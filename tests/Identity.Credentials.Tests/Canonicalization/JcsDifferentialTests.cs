// References: RFC 8785, JSON Canonicalization Scheme (JCS), June 2020 — https://www.rfc-editor.org/rfc/rfc8785
// Peer: the npm package `canonicalize` 4.0.0 through tests/interop/jcs-canonicalize.mjs (install: npm ci --prefix tests/interop).

using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Identity.Primitives.Canonicalization;
using Identity.Testing;

namespace Identity.Credentials.Tests.Canonicalization;

/// <summary>Canonicalizes the same random documents with <see cref="Jcs"/> and with the npm package; bytes must match.</summary>
[TestClass]
public sealed partial class JcsDifferentialTests
{
    private const int Seed = 8785;
    private const int DocumentCount = 100_000;
    private const int MismatchesReported = 5;
    private static readonly TimeSpan s_nodeTimeout = TimeSpan.FromSeconds(60);

    // Both encoders, so the text path sees escaped (\u00e9, \ud83d\ude00) and literal non-ASCII input.
    private static readonly JsonWriterOptions[] s_writerOptions =
    [
        new() { Encoder = JavaScriptEncoder.Default },
        new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
    ];

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(120_000, CooperativeCancellation = true)]
    public async Task Canonicalize_RandomDocuments_MatchesNpmCanonicalize()
    {
        // Arrange: documents, and their JSON text one per line.
        string script = RequireInteropPeer(out string node);
        var random = new Random(Seed);
        var documents = new JsonNode?[DocumentCount];
        var text = new ArrayBufferWriter<byte>(16 << 20);
        var lineEnds = new int[DocumentCount];
        for (int i = 0; i < DocumentCount; i++)
        {
            documents[i] = NextDocument(random, i);
            using (var writer = new Utf8JsonWriter(text, s_writerOptions[i % 2]))
            {
                WriteDocument(writer, documents[i]);
            }

            lineEnds[i] = text.WrittenCount;
            text.Write("\n"u8);
        }

        // Act
        byte[] peerOutput = await RunNodeAsync(node, script, text.WrittenMemory);

        // Assert: line i of the peer's output against both our paths (raw text and CLR-valued JsonNode).
        var mismatches = new List<string>();
        int compared = 0;
        int lineStart = 0;
        int peerOffset = 0;
        for (int i = 0; i < DocumentCount; i++)
        {
            int newline = peerOutput.AsSpan(peerOffset).IndexOf((byte)'\n');
            Assert.IsGreaterThanOrEqualTo(0, newline, $"canonicalize produced {i} lines for {DocumentCount} documents.");
            ReadOnlySpan<byte> theirs = peerOutput.AsSpan(peerOffset, newline);
            ReadOnlySpan<byte> line = text.WrittenSpan[lineStart..lineEnds[i]];
            Compare(i, "text", line, theirs, Jcs.Canonicalize(line), mismatches);
            Compare(i, "node", line, theirs, Jcs.Canonicalize(documents[i]), mismatches);
            compared += 2;
            peerOffset += newline + 1;
            lineStart = lineEnds[i] + 1;
        }

        Assert.AreEqual(peerOutput.Length, peerOffset, "canonicalize produced more lines than documents.");
        Assert.IsEmpty(
            mismatches,
            $"{mismatches.Count} of {compared} canonical forms differ from npm canonicalize; the first ones:\n{string.Join("\n", mismatches.Take(MismatchesReported))}");
        TestContext.WriteLine($"{DocumentCount} documents ({_values} JSON values, {text.WrittenCount} bytes), {compared} comparisons: all equal.");
    }

    private static void WriteDocument(Utf8JsonWriter writer, JsonNode? document)
    {
        if (document is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            document.WriteTo(writer);
        }
    }

    private static void Compare(
        int index, string path, ReadOnlySpan<byte> input, ReadOnlySpan<byte> theirs, Identity.Primitives.Result<byte[]> ours, List<string> mismatches)
    {
        if (ours.IsSuccess && theirs.SequenceEqual(ours.Value))
        {
            return;
        }

        if (mismatches.Count < MismatchesReported)
        {
            string actual = ours.IsSuccess ? Visible(ours.Value) : ours.Error.ToString();
            mismatches.Add($"#{index} ({path}) input {Visible(input)}\n  npm  {Visible(theirs)}\n  ours {actual}");
        }
        else
        {
            mismatches.Add(string.Empty);
        }
    }

    /// <summary>UTF-8 text with every character outside printable ASCII shown as ⟨U+XXXX⟩, so that bytes are unambiguous.</summary>
    private static string Visible(ReadOnlySpan<byte> utf8)
    {
        var builder = new StringBuilder(utf8.Length);
        foreach (Rune rune in Encoding.UTF8.GetString(utf8).EnumerateRunes())
        {
            if (rune.Value is >= 0x20 and < 0x7F)
            {
                builder.Append((char)rune.Value);
            }
            else
            {
                builder.Append($"⟨U+{rune.Value:X4}⟩");
            }
        }

        return builder.ToString();
    }

    private async Task<byte[]> RunNodeAsync(string node, string script, ReadOnlyMemory<byte> input)
    {
        var start = new ProcessStartInfo(node)
        {
            ArgumentList = { script },
            WorkingDirectory = Path.GetDirectoryName(script)!,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
        timeout.CancelAfter(s_nodeTimeout);
        try
        {
            var output = new MemoryStream();
            Task reading = process.StandardOutput.BaseStream.CopyToAsync(output, timeout.Token);
            Task<string> errors = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.StandardInput.BaseStream.WriteAsync(input, timeout.Token);
            process.StandardInput.Close();
            await reading;
            string stderr = await errors;
            await process.WaitForExitAsync(timeout.Token);
            Assert.AreEqual(0, process.ExitCode, $"node {script} failed: {stderr}");
            return output.ToArray();
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new AssertFailedException($"node {script} did not finish within {s_nodeTimeout.TotalSeconds} s.");
        }
    }

    /// <summary>
    /// Returns the peer script, or ends the test: on CI (CI=true) a missing node or npm install fails it, elsewhere it
    /// is inconclusive.
    /// </summary>
    private static string RequireInteropPeer(out string node)
    {
        string interop = Path.Combine(TestVectors.RepositoryRoot, "tests", "interop");
        string? found = FindOnPath(OperatingSystem.IsWindows() ? "node.exe" : "node");
        string? problem =
            found is null ? "node is not on PATH"
            : !File.Exists(Path.Combine(interop, "node_modules", "canonicalize", "package.json")) ? $"{interop}/node_modules is not installed"
            : null;
        if (problem is not null)
        {
            string message = $"The JCS differential test cannot run: {problem}. Install Node 20+ and run `npm ci --prefix tests/interop`.";
            if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
            {
                Assert.Fail(message);
            }

            Assert.Inconclusive(message);
        }

        node = found!;
        return Path.Combine(interop, "jcs-canonicalize.mjs");
    }

    private static string? FindOnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, executable))
            .FirstOrDefault(File.Exists);
}
