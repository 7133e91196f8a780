// References:
//   RDF Dataset Canonicalization (RDFC-1.0), §4.7 Hash Related Blank Node, §4.8 Hash N-Degree Quads — https://www.w3.org/TR/rdf-canon/

using System.Text;
using Identity.Primitives;

namespace Identity.JsonLd.Rdf;

public static partial class Rdfc10
{
    private sealed partial class State
    {
        // §4.8.3. Issuers issue labels without "_:"; the algorithm's strings carry "_:" before every label.
        private Result<(string Hash, IdentifierIssuer Issuer)> HashNDegree(string identifier, IdentifierIssuer issuer)
        {
            if (++_work > _options.MaxWork)
            {
                return LimitExceeded();
            }

            // Steps 1-3: related blank nodes grouped by their related hash, hashes in code point order.
            var hashToRelated = new SortedDictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (int index in _blankNodeQuads[identifier])
            {
                ref readonly RdfQuad quad = ref _quads[index];
                AddRelated(hashToRelated, quad, quad.Subject, 's', identifier, issuer);
                AddRelated(hashToRelated, quad, quad.Object, 'o', identifier, issuer);
                AddRelated(hashToRelated, quad, quad.Graph, 'g', identifier, issuer);
            }

            var data = new StringBuilder();
            foreach ((string relatedHash, List<string> related) in hashToRelated)
            {
                data.Append(relatedHash);
                string chosenPath = string.Empty;
                IdentifierIssuer? chosenIssuer = null;
                int[] permutation = [.. Enumerable.Range(0, related.Count)];
                do
                {
                    if (++_work > _options.MaxWork)
                    {
                        return LimitExceeded();
                    }

                    IdentifierIssuer issuerCopy = issuer.Clone();
                    var path = new StringBuilder();
                    var recursion = new List<string>();
                    bool skip = false;
                    foreach (int i in permutation)
                    {
                        string node = related[i];
                        if (_canonicalIssuer.TryGet(node, out string canonical))
                        {
                            path.Append("_:").Append(canonical);
                        }
                        else
                        {
                            if (!issuerCopy.Has(node))
                            {
                                recursion.Add(node);
                            }

                            path.Append("_:").Append(issuerCopy.Issue(node));
                        }

                        if (chosenPath.Length != 0 && path.Length >= chosenPath.Length && IsGreater(path, chosenPath))
                        {
                            skip = true;
                            break;
                        }
                    }

                    if (!skip)
                    {
                        foreach (string node in recursion)
                        {
                            Result<(string Hash, IdentifierIssuer Issuer)> result = HashNDegree(node, issuerCopy);
                            if (!result.IsSuccess)
                            {
                                return result;
                            }

                            path.Append("_:").Append(issuerCopy.Issue(node));
                            path.Append('<').Append(result.Value.Hash).Append('>');
                            issuerCopy = result.Value.Issuer;
                            if (chosenPath.Length != 0 && path.Length >= chosenPath.Length && IsGreater(path, chosenPath))
                            {
                                skip = true;
                                break;
                            }
                        }
                    }

                    if (!skip && (chosenPath.Length == 0 || string.CompareOrdinal(path.ToString(), chosenPath) < 0))
                    {
                        chosenPath = path.ToString();
                        chosenIssuer = issuerCopy;
                    }
                }
                while (NextPermutation(permutation));

                data.Append(chosenPath);
                issuer = chosenIssuer!;
            }

            return (HashString(data.ToString()), issuer);
        }

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

        private static bool IsGreater(StringBuilder path, string chosen) => string.CompareOrdinal(path.ToString(), chosen) > 0;

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

        private Error LimitExceeded() => new(
            ErrorCodes.CanonicalizationLimitExceeded,
            $"RDFC-1.0 needed more than {_options.MaxWork} units of hash-n-degree work for {_blankNodeQuads.Count} blank nodes; refused.");
    }
}
