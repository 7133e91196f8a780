using System.ComponentModel;
using Identity.Server.OpenApi;

namespace Identity.Server.Contracts;

/// <summary>The answer of <c>GET /log/proof/inclusion</c> (docs/transparency-log.md).</summary>
[Description("An RFC 9162 §2.1.3 inclusion proof of one leaf in the tree of `treeSize` leaves; hashes in standard base64.")]
[Example("""{"index":3,"treeSize":8,"leafHash":"bjQLnP+zepicpUTmu3gKLHiQHT+zNzh2hRGjBhevoB0=","rootHash":"XcsnfJ2XRCzbaM5Dnri4wPjTmFyD4lkJXBCVFFPsj28=","proof":["lWM3lTBa6BsrGczvLvHv2zuOzXfmYhEp3B3CWr3pWRM=","ZNb60y+p1EY6VO9cBH1B8ZS7uLz0Hb4HeKJz2dCh/54=","aT5YxVvTgZsD0mGxFixJLk4Tuk2mTtY+WpO1Kq8uMn0="]}""")]
internal sealed record InclusionProofResponse
{
    [Description("The leaf's index, from 0.")]
    public required long Index { get; init; }

    [Description("The size of the tree the proof is for.")]
    public required long TreeSize { get; init; }

    [Description("The leaf hash, SHA-256(0x00 ‖ entry).")]
    public required string LeafHash { get; init; }

    [Description("The root hash of the tree of `treeSize` leaves.")]
    public required string RootHash { get; init; }

    [Description("The audit path, bottom up.")]
    public required IReadOnlyList<string> Proof { get; init; }
}

/// <summary>The answer of <c>GET /log/proof/consistency</c> (docs/transparency-log.md).</summary>
[Description("An RFC 9162 §2.1.4 consistency proof between the trees of `from` and `to` leaves; hashes in standard base64.")]
[Example("""{"from":4,"to":8,"fromRootHash":"0GF0rk9IO7GkqP8RLaDPTWVnU3skVzXGRJYkp3qOXDA=","toRootHash":"XcsnfJ2XRCzbaM5Dnri4wPjTmFyD4lkJXBCVFFPsj28=","proof":["iqJn8DIuukIG8ujb3pAjhUbVb2rj9nj5h49XAfqzOOk="]}""")]
internal sealed record ConsistencyProofResponse
{
    [Description("The older tree's size.")]
    public required long From { get; init; }

    [Description("The newer tree's size.")]
    public required long To { get; init; }

    [Description("The root hash of the tree of `from` leaves.")]
    public required string FromRootHash { get; init; }

    [Description("The root hash of the tree of `to` leaves.")]
    public required string ToRootHash { get; init; }

    [Description("The consistency proof's hashes, as RFC 9162 orders them.")]
    public required IReadOnlyList<string> Proof { get; init; }
}
