using System.Runtime.CompilerServices;

namespace Identity.Sodium;

/// <summary>
/// 32 bytes stored inline, for public keys held by the key classes: no array allocation, no heap indirection.
/// </summary>
/// <remarks>Only public (non-secret) values live here; secrets stay in secure memory.</remarks>
[InlineArray(Size)]
internal struct PublicKeyBytes
{
    internal const int Size = 32;

    private byte _element0;
}
