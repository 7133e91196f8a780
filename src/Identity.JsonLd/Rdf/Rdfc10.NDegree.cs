// References:
//   RDF Dataset Canonicalization (RDFC-1.0), §4.7 Hash Related Blank Node, §4.8 Hash N-Degree Quads — https://www.w3.org/TR/rdf-canon/

using System.Text;
using Identity.Primitives;

namespace Identity.JsonLd.Rdf;

public static partial class Rdfc10
{
    private sealed partial class State
    {
        /// <summary>
        /// §4.8.3 without recursion: the algorithm's recursive calls (step 5.4.5.1) become frames on an explicit stack,
        /// so a chain of blank nodes as long as the input allows cannot exhaust the thread's stack. Each frame is one
        /// invocation's locals; <see cref="NDegreeFrame.Resume"/> runs it until it needs a nested result or is done.
        /// Issuers issue labels without "_:"; the algorithm's strings carry "_:" before every label.
        /// </summary>
        private Result<(string Hash, IdentifierIssuer Issuer)> HashNDegree(string identifier, IdentifierIssuer issuer)
        {
            var stack = new Stack<NDegreeFrame>();
            if (Start(identifier, issuer) is not { } first)
            {
                return LimitExceeded();
            }

            stack.Push(first);
            (string Hash, IdentifierIssuer Issuer)? returned = null;
            while (true)
            {
                NDegreeFrame frame = stack.Peek();
                if (!frame.Resume(this, returned, out (string Node, IdentifierIssuer Issuer) call, out (string Hash, IdentifierIssuer Issuer) done))
                {
                    return LimitExceeded();
                }

                returned = null;
                if (frame.IsDone)
                {
                    stack.Pop();
                    if (stack.Count == 0)
                    {
                        return done;
                    }

                    returned = done;
                    continue;
                }

                if (Start(call.Node, call.Issuer) is not { } nested)
                {
                    return LimitExceeded();
                }

                stack.Push(nested);
            }
        }

        // Steps 1-3 of §4.8.3: related blank nodes grouped by their related hash, hashes in code point order.
        private NDegreeFrame? Start(string identifier, IdentifierIssuer issuer)
        {
            List<int> quads = _blankNodeQuads[identifier];
            if (!ChargeUnits(InvocationUnits + (QuadUnits * quads.Count)))
            {
                return null;
            }

            var hashToRelated = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (int index in quads)
            {
                ref readonly RdfQuad quad = ref _quads[index];
                AddRelated(hashToRelated, quad, quad.Subject, 's', identifier, issuer);
                AddRelated(hashToRelated, quad, quad.Object, 'o', identifier, issuer);
                AddRelated(hashToRelated, quad, quad.Graph, 'g', identifier, issuer);
            }

            return new NDegreeFrame([.. hashToRelated], issuer);
        }

        /// <summary>Work units for each Hash N-Degree Quads invocation and each permutation, and for the quads and related
        /// nodes each one handles (one unit is about a tenth of a microsecond of CPU, measured on a cycle of blank nodes:
        /// a related-node hash is a SHA-256 and a labelling an insertion into a persistent map), charged to the request's budget when there is one, else to
        /// <see cref="Rdfc10Options.MaxWork"/>.</summary>
        public bool ChargeUnits(int units)
        {
            _work += units;
            return _options.Budget is { } budget ? budget.TryCharge(units) : _work <= _options.MaxWork;
        }

        internal const int InvocationUnits = 50;
        internal const int QuadUnits = 25;
        internal const int PermutationUnits = 25;
        internal const int LabelUnits = 12;

        public bool TryGetCanonical(string node, out string canonical) => _canonicalIssuer.TryGet(node, out canonical);

        public string HashOf(StringBuilder data) => HashString(data.ToString());

        private void AddRelated(
            SortedDictionary<string, List<string>> hashToRelated, in RdfQuad quad, in RdfTerm term, char position, string identifier, IdentifierIssuer issuer)
        {
            if (term.Kind != RdfTermKind.BlankNode || term.Value == identifier)
            {
                return;
            }

            string hash = HashRelated(term.Value, quad, issuer, position);
            if (!hashToRelated.TryGetValue(hash, out List<string>? list))
            {
                hashToRelated[hash] = list = [];
            }

            list.Add(term.Value);
        }

        // §4.7.3: position, the predicate (except for the graph position), then the related node's best-known identifier.
        private string HashRelated(string related, in RdfQuad quad, IdentifierIssuer issuer, char position)
        {
            var input = new StringBuilder();
            input.Append(position);
            if (position != 'g')
            {
                input.Append('<').Append(quad.Predicate.Value).Append('>');
            }

            if (_canonicalIssuer.TryGet(related, out string canonical))
            {
                input.Append("_:").Append(canonical);
            }
            else if (issuer.TryGet(related, out string temporary))
            {
                input.Append("_:").Append(temporary);
            }
            else
            {
                input.Append(HashFirstDegree(related));
            }

            return HashString(input.ToString());
        }

        private Error LimitExceeded() => _options.Budget is { } budget
            ? budget.Exceeded($"RDFC-1.0 canonicalization of {_blankNodeQuads.Count} blank nodes")
            : new Error(
                ErrorCodes.CanonicalizationLimitExceeded,
                $"RDFC-1.0 needed more than {_options.MaxWork} units of hash-n-degree work for {_blankNodeQuads.Count} blank nodes; refused.");
    }

    /// <summary>The locals of one Hash N-Degree Quads invocation (§4.8.3 steps 4-6), resumable around its nested calls.</summary>
    /// <remarks>A flat state machine: neither the groups, the permutations nor the nested calls recurse.</remarks>
    private sealed class NDegreeFrame(KeyValuePair<string, List<string>>[] groups, IdentifierIssuer issuer)
    {
        private readonly StringBuilder _data = new();
        private IdentifierIssuer _issuer = issuer;
        private Phase _phase = Phase.NextGroup;
        private int _group;
        private string _chosenPath = string.Empty;
        private IdentifierIssuer? _chosenIssuer;
        private int[] _permutation = [];
        private IdentifierIssuer _issuerCopy = issuer;
        private readonly StringBuilder _path = new();
        private readonly List<string> _recursion = [];
        private int _next;
        private bool _skip;

        private enum Phase
        {
            NextGroup,
            BeginPermutation,
            Recurse,
            AwaitNested,
            EndPermutation,
        }

        public bool IsDone { get; private set; }

        /// <summary>
        /// Continues the invocation, with <paramref name="returned"/> the result of the nested call it was waiting for.
        /// Returns false when the work bound is exceeded; otherwise either <see cref="IsDone"/> and
        /// <paramref name="done"/> holds the result, or <paramref name="call"/> names the nested invocation to run next.
        /// </summary>
        public bool Resume(
            State state,
            (string Hash, IdentifierIssuer Issuer)? returned,
            out (string Node, IdentifierIssuer Issuer) call,
            out (string Hash, IdentifierIssuer Issuer) done)
        {
            call = default;
            done = default;
            if (_phase == Phase.AwaitNested)
            {
                // Steps 5.4.5.2-5.4.5.4: the nested result extends the path, and its issuer becomes the copy.
                (string hash, IdentifierIssuer resultIssuer) = returned!.Value;
                _path.Append("_:").Append(_issuerCopy.Issue(_recursion[_next])).Append('<').Append(hash).Append('>');
                _issuerCopy = resultIssuer;
                _next++;
                _skip = IsWorse();
                _phase = _skip ? Phase.EndPermutation : Phase.Recurse;
            }

            while (true)
            {
                switch (_phase)
                {
                    case Phase.NextGroup:
                        if (_group == groups.Length)
                        {
                            IsDone = true;
                            done = (state.HashOf(_data), _issuer);
                            return true;
                        }

                        _data.Append(groups[_group].Key);
                        _chosenPath = string.Empty;
                        _chosenIssuer = null;
                        _permutation = [.. Enumerable.Range(0, groups[_group].Value.Count)];
                        _phase = Phase.BeginPermutation;
                        break;

                    case Phase.BeginPermutation:
                        if (!BeginPermutation(state))
                        {
                            return false;
                        }

                        _phase = _skip ? Phase.EndPermutation : Phase.Recurse;
                        break;

                    case Phase.Recurse:
                        if (_next < _recursion.Count)
                        {
                            call = (_recursion[_next], _issuerCopy);
                            _phase = Phase.AwaitNested;
                            return true;
                        }

                        _phase = Phase.EndPermutation;
                        break;

                    default:
                        EndPermutation();
                        break;
                }
            }
        }

        // Steps 5.4.1-5.4.4: label the permutation's nodes with a copy of the issuer; list the ones to recurse into.
        private bool BeginPermutation(State state)
        {
            List<string> related = groups[_group].Value;
            if (!state.ChargeUnits(State.PermutationUnits + (State.LabelUnits * related.Count)))
            {
                return false;
            }

            _issuerCopy = _issuer.Clone();
            _path.Clear();
            _recursion.Clear();
            _next = 0;
            _skip = false;
            foreach (int i in _permutation)
            {
                string node = related[i];
                if (state.TryGetCanonical(node, out string canonical))
                {
                    _path.Append("_:").Append(canonical);
                }
                else
                {
                    if (!_issuerCopy.Has(node))
                    {
                        _recursion.Add(node);
                    }

                    _path.Append("_:").Append(_issuerCopy.Issue(node));
                }

                if (IsWorse())
                {
                    _skip = true;
                    return true;
                }
            }

            return true;
        }

        // Steps 5.4.5-5.5: keep the least path; then the next permutation, or close the group.
        private void EndPermutation()
        {
            if (!_skip)
            {
                string path = _path.ToString();
                if (_chosenPath.Length == 0 || string.CompareOrdinal(path, _chosenPath) < 0)
                {
                    _chosenPath = path;
                    _chosenIssuer = _issuerCopy;
                }
            }

            if (NextPermutation(_permutation))
            {
                _phase = Phase.BeginPermutation;
                return;
            }

            _data.Append(_chosenPath);
            _issuer = _chosenIssuer!;
            _group++;
            _phase = Phase.NextGroup;
        }

        private bool IsWorse() =>
            _chosenPath.Length != 0 && _path.Length >= _chosenPath.Length && string.CompareOrdinal(_path.ToString(), _chosenPath) > 0;
    }

    // Lexicographic next permutation of indexes; false after the last one. The chosen path is the least over all
    // permutations, so the order of enumeration does not change the result.
    private static bool NextPermutation(int[] items)
    {
        int i = items.Length - 2;
        while (i >= 0 && items[i] >= items[i + 1])
        {
            i--;
        }

        if (i < 0)
        {
            return false;
        }

        int j = items.Length - 1;
        while (items[j] <= items[i])
        {
            j--;
        }

        (items[i], items[j]) = (items[j], items[i]);
        Array.Reverse(items, i + 1, items.Length - i - 1);
        return true;
    }
}
