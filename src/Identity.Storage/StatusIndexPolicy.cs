// References:
//   W3C Bitstring Status List v1.0, §6.1 (random index assignment for herd privacy) — https://www.w3.org/TR/vc-bitstring-status-list/

using System.Security.Cryptography;

namespace Identity.Storage;

/// <summary>
/// How a store chooses a credential's status-list index, for every adapter: a uniformly random free index of the
/// tenant's newest list, drawn at random while at least a quarter of the list is free, else the first free index at or
/// after a random point (a scan, which always terminates). Stores decide only how to ask "is this index used?".
/// </summary>
/// <remarks><threadsafety>Stateless; safe to call from any thread.</threadsafety></remarks>
public static class StatusIndexPolicy
{
    /// <summary>Random candidates tried before a scan: all miss with probability at most 0.75^32 ≈ 1e-4 while a quarter
    /// of the list is free.</summary>
    public const int RandomProbes = 32;

    /// <summary>Random draws are used while at least 1/<c>ProbeWhileFreeQuarters</c> of the list is free.</summary>
    public const int ProbeWhileFreeQuarters = 4;

    /// <summary>True while a list of <paramref name="size"/> entries with <paramref name="allocated"/> handed out is free
    /// enough for random draws (at least a quarter free).</summary>
    public static bool DrawsAtRandom(int size, int allocated) => (long)(size - allocated) * ProbeWhileFreeQuarters >= size;

    /// <summary>A uniformly random index of a list of <paramref name="size"/> entries (a candidate; the store checks it is free).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="size"/> is not positive.</exception>
    public static int Candidate(int size) => RandomNumberGenerator.GetInt32(size);

    /// <summary><see cref="RandomProbes"/> random candidates, in the order they are to be tried.</summary>
    public static int[] Candidates(int size)
    {
        var candidates = new int[RandomProbes];
        for (int i = 0; i < candidates.Length; i++)
        {
            candidates[i] = Candidate(size);
        }

        return candidates;
    }
}
