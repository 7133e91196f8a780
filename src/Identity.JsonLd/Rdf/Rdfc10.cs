// References:
//   RDF Dataset Canonicalization (RDFC-1.0), W3C Recommendation 21 May 2024, §4.4 Canonicalization Algorithm,
//   §4.6 Hash First Degree Quads — https://www.w3.org/TR/rdf-canon/

using System.Buffers;
using System.Security.Cryptography;
using Identity.Primitives;

namespace Identity.JsonLd.Rdf;

/// <summary>RDF Dataset Canonicalization (RDFC-1.0): canonical blank-node labels and canonical N-Quads.</summary>
/// <remarks>
/// Work is bounded: with <see cref="Rdfc10Options.Budget"/> every step (first-degree hashes, hash-n-degree calls and
/// permutations, the output) is charged to that request-wide budget and a dataset that needs more fails with
/// <see cref="ErrorCodes.WorkLimitExceeded"/>; without one, the hash-n-degree step is bounded by
/// <see cref="Rdfc10Options.MaxWork"/> and fails with <see cref="ErrorCodes.CanonicalizationLimitExceeded"/>. Nothing
/// recurses: hash-n-degree keeps its nested calls on an explicit stack.
/// Duplicate quads are removed (the input is a dataset, a set of quads): those with blank nodes first, the rest as output lines.
/// <threadsafety>Stateless; safe from any thread. Each call owns its working state.</threadsafety>
/// </remarks>
public static partial class Rdfc10
{
    /// <summary>Canonicalizes <paramref name="quads"/>.</summary>
    /// <returns>The canonical dataset, or <see cref="ErrorCodes.CanonicalizationLimitExceeded"/> /
    /// <see cref="ErrorCodes.WorkLimitExceeded"/>.</returns>
    /// <exception cref="ArgumentException">The options name a hash other than SHA-256 or SHA-384.</exception>
    public static Result<CanonicalDataset> Canonicalize(IEnumerable<RdfQuad> quads, Rdfc10Options? options = null)
    {
        ArgumentNullException.ThrowIfNull(quads);
        options ??= Rdfc10Options.Default;
        if (options.HashAlgorithm != HashAlgorithmName.SHA256 && options.HashAlgorithm != HashAlgorithmName.SHA384)
        {
            throw new ArgumentException("RDFC-1.0 here supports SHA-256 and SHA-384.", nameof(options));
        }

        using var state = new State(quads, options);
        return state.Run();
    }

    /// <summary>Parses N-Quads and canonicalizes them.</summary>
    public static Result<CanonicalDataset> Canonicalize(string nquads, Rdfc10Options? options = null)
    {
        Result<IReadOnlyList<RdfQuad>> parsed = NQuadsParser.Parse(nquads);
        return parsed.IsSuccess ? Canonicalize(parsed.Value, options) : parsed.Error!;
    }

    /// <summary>The working state of one run (§4.4.1's canonicalization state).</summary>
    private sealed partial class State : IDisposable
    {
        private RdfQuad[] _quads;
        private readonly Rdfc10Options _options;
        private readonly Dictionary<string, List<int>> _blankNodeQuads = new(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _firstDegreeHashes = new(StringComparer.Ordinal);
        private readonly IdentifierIssuer _canonicalIssuer = new("c14n");
        private readonly ArrayBufferWriter<byte> _scratch = new(1024);

        // One hash object for the whole run: creating one per hash (or hashing one-shot) costs several microseconds of
        // OpenSSL setup each time, many times the hash itself, and hash-n-degree hashes short strings by the thousand.
        private IncrementalHash? _hash;
        private long _work;

        public State(IEnumerable<RdfQuad> quads, Rdfc10Options options)
        {
            _quads = quads as RdfQuad[] ?? [.. quads];
            _options = options;
        }

        private const int SerializedQuadUnits = 5;

        // Created on the first hash: a dataset with at most one blank node needs none.
        private IncrementalHash Hash => _hash ??= IncrementalHash.CreateHash(_options.HashAlgorithm);

        // The input is a set. A duplicate would be hashed twice into its blank nodes' first-degree hashes, so quads that
        // mention a blank node are made distinct before hashing; the output drops duplicate lines itself, so the others
        // (most of a credential) need no set. Never changes the caller's array.
        private static RdfQuad[] Distinct(RdfQuad[] quads)
        {
            var distinct = new List<RdfQuad>(quads.Length);
            HashSet<RdfQuad>? withBlankNodes = null;
            foreach (RdfQuad quad in quads)
            {
                if ((quad.Subject.IsBlankNode || quad.Object.IsBlankNode || quad.Graph.IsBlankNode) && !(withBlankNodes ??= []).Add(quad))
                {
                    continue;
                }

                distinct.Add(quad);
            }

            return [.. distinct];
        }

        public void Dispose() => _hash?.Dispose();

        public Result<CanonicalDataset> Run()
        {
            // The first-degree hashes and the output each serialize and sort every quad about once (a microsecond or so).
            if (_options.Budget is { } budget && !budget.TryCharge(SerializedQuadUnits * 2L * _quads.Length))
            {
                return LimitExceeded();
            }

            // §4.4.3 step 2: the blank node to quads map, over distinct quads once there is anything to hash. One blank
            // node (or none) has a unique first-degree hash whatever it is: it is c14n0 without hashing.
            MapBlankNodes();
            if (_blankNodeQuads.Count == 1)
            {
                foreach (string only in _blankNodeQuads.Keys)
                {
                    _canonicalIssuer.Issue(only);
                }

                return Output();
            }

            if (_blankNodeQuads.Count > 1 && Distinct(_quads) is { } distinct && distinct.Length != _quads.Length)
            {
                _quads = distinct;
                _blankNodeQuads.Clear();
                MapBlankNodes();
            }

            // Step 3: first-degree hashes, grouped; unique hashes get canonical identifiers in hash order.
            var hashToBlankNodes = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (string blank in _blankNodeQuads.Keys)
            {
                string hash = HashFirstDegree(blank);
                if (!hashToBlankNodes.TryGetValue(hash, out List<string>? list))
                {
                    hashToBlankNodes[hash] = list = [];
                }

                list.Add(blank);
            }

            var shared = new List<List<string>>();
            foreach ((string _, List<string> blanks) in hashToBlankNodes)
            {
                if (blanks.Count == 1)
                {
                    _canonicalIssuer.Issue(blanks[0]);
                }
                else
                {
                    shared.Add(blanks);
                }
            }

            // Step 5: the n-degree step for blank nodes sharing a first-degree hash.
            foreach (List<string> blanks in shared)
            {
                var results = new List<(string Hash, IdentifierIssuer Issuer)>();
                foreach (string blank in blanks)
                {
                    if (_canonicalIssuer.Has(blank))
                    {
                        continue;
                    }

                    var temporary = new IdentifierIssuer("b");
                    temporary.Issue(blank);
                    Result<(string, IdentifierIssuer)> result = HashNDegree(blank, temporary);
                    if (!result.IsSuccess)
                    {
                        return result.Error!;
                    }

                    results.Add(result.Value);
                }

                results.Sort((a, b) => string.CompareOrdinal(a.Hash, b.Hash));
                foreach ((string _, IdentifierIssuer issuer) in results)
                {
                    foreach (string existing in issuer.IssuedOrder)
                    {
                        _canonicalIssuer.Issue(existing);
                    }
                }
            }

            return Output();
        }

        private void MapBlankNodes()
        {
            for (int i = 0; i < _quads.Length; i++)
            {
                ref readonly RdfQuad quad = ref _quads[i];
                AddBlank(quad.Subject, i);
                AddBlank(quad.Object, i);
                AddBlank(quad.Graph, i);
            }
        }

        private void AddBlank(in RdfTerm term, int index)
        {
            if (term.Kind != RdfTermKind.BlankNode)
            {
                return;
            }

            if (!_blankNodeQuads.TryGetValue(term.Value, out List<int>? list))
            {
                _blankNodeQuads[term.Value] = list = [];
            }

            if (list.Count == 0 || list[^1] != index)
            {
                list.Add(index);
            }
        }

        // §4.6: hash the sorted lines of the node's quads with itself as _:a and every other blank node as _:z.
        private string HashFirstDegree(string blank)
        {
            if (_firstDegreeHashes.TryGetValue(blank, out string? cached))
            {
                return cached;
            }

            List<int> indexes = _blankNodeQuads[blank];
            _scratch.ResetWrittenCount();
            var segments = new (int Start, int Length)[indexes.Count];
            for (int i = 0; i < indexes.Count; i++)
            {
                ref readonly RdfQuad quad = ref _quads[indexes[i]];
                int start = _scratch.WrittenCount;
                NQuadsWriter.Write(
                    _scratch,
                    new RdfQuad(Mask(quad.Subject, blank), quad.Predicate, Mask(quad.Object, blank), Mask(quad.Graph, blank)));
                segments[i] = (start, _scratch.WrittenCount - start);
            }

            string hash = HashSortedLines(_scratch.WrittenMemory, segments);
            _firstDegreeHashes[blank] = hash;
            return hash;
        }

        private static RdfTerm Mask(in RdfTerm term, string reference) =>
            term.Kind == RdfTermKind.BlankNode ? RdfTerm.Blank(term.Value == reference ? "a" : "z") : term;

        private string HashSortedLines(ReadOnlyMemory<byte> buffer, (int Start, int Length)[] segments)
        {
            ReadOnlySpan<byte> all = buffer.Span;
            Array.Sort(segments, (x, y) => buffer.Span.Slice(x.Start, x.Length).SequenceCompareTo(buffer.Span.Slice(y.Start, y.Length)));
            foreach ((int start, int length) in segments)
            {
                Hash.AppendData(all.Slice(start, length));
            }

            return Convert.ToHexStringLower(Hash.GetHashAndReset());
        }

        private string HashString(string data)
        {
            int max = System.Text.Encoding.UTF8.GetMaxByteCount(data.Length);
            byte[] rented = ArrayPool<byte>.Shared.Rent(max);
            try
            {
                int length = System.Text.Encoding.UTF8.GetBytes(data, rented);
                Hash.AppendData(rented, 0, length);
                Span<byte> digest = stackalloc byte[48];
                int written = Hash.GetHashAndReset(digest);
                return Convert.ToHexStringLower(digest[..written]);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        // §4.4.3 step 6: relabel, serialize, sort in code point order (UTF-8 byte order), drop duplicate lines.
        private Result<CanonicalDataset> Output()
        {
            var buffer = new ArrayBufferWriter<byte>(256 * (_quads.Length + 1));
            var segments = new (int Start, int Length)[_quads.Length];
            for (int i = 0; i < _quads.Length; i++)
            {
                ref readonly RdfQuad quad = ref _quads[i];
                int start = buffer.WrittenCount;
                NQuadsWriter.Write(buffer, new RdfQuad(Relabel(quad.Subject), quad.Predicate, Relabel(quad.Object), Relabel(quad.Graph)));
                segments[i] = (start, buffer.WrittenCount - start);
            }

            ReadOnlyMemory<byte> written = buffer.WrittenMemory;
            Array.Sort(segments, (x, y) => written.Span.Slice(x.Start, x.Length).SequenceCompareTo(written.Span.Slice(y.Start, y.Length)));
            var output = new byte[buffer.WrittenCount];
            int position = 0;
            ReadOnlySpan<byte> previous = default;
            foreach ((int start, int length) in segments)
            {
                ReadOnlySpan<byte> line = written.Span.Slice(start, length);
                if (position > 0 && line.SequenceEqual(previous))
                {
                    continue;
                }

                line.CopyTo(output.AsSpan(position));
                position += length;
                previous = line;
            }

            var issued = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (string existing in _canonicalIssuer.IssuedOrder)
            {
                _canonicalIssuer.TryGet(existing, out string label);
                issued[existing] = label;
            }

            return new CanonicalDataset(position == output.Length ? output : output[..position], issued, (int)Math.Min(_work, int.MaxValue));
        }

        private RdfTerm Relabel(in RdfTerm term)
        {
            if (term.Kind != RdfTermKind.BlankNode)
            {
                return term;
            }

            _canonicalIssuer.TryGet(term.Value, out string label);
            return RdfTerm.Blank(label);
        }
    }
}
