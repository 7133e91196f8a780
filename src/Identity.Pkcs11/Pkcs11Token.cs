// References:
//   PKCS #11 Specification Version 3.1, OASIS Standard, 2023, §5.4–5.6 (sessions, login), §5.7 (object management),
//   §5.13 (signing), §4.9 (private key attributes), https://docs.oasis-open.org/pkcs11/pkcs11-spec/v3.1/pkcs11-spec-v3.1.html
//   Pkcs11Interop 5.3 high-level API, https://pkcs11interop.net/
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Identity.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Identity.Pkcs11;

/// <summary>
/// One logged-in PKCS#11 token: creates non-extractable signing keys in it and signs with them, so private keys never
/// enter this process. Keys are named by their <c>CKA_ID</c> (16 random bytes, chosen here).
/// </summary>
/// <remarks>
/// [Mutable] Owns the loaded module and its sessions; dispose it once, at shutdown. Login is per application in
/// PKCS#11, so one read-write session stays logged in for the token's lifetime and signing uses pooled read-only
/// sessions (a session serves one operation at a time).
/// <threadsafety>Thread-safe.</threadsafety>
/// </remarks>
public sealed partial class Pkcs11Token : IDisposable
{
    /// <summary>The length of the <c>CKA_ID</c> of keys created here.</summary>
    public const int KeyIdSize = 16;

    // One set for the process: Pkcs11Interop detects the platform on first use and throws when two threads race to do it.
    private static readonly Pkcs11InteropFactories s_factories = new();

    // Creating and destroying token objects is exclusive in the process; finding, reading and signing with objects is
    // shared (the writer is always taken before _loginLock). SoftHSM's file store answers CKR_GENERAL_ERROR when a
    // session creates objects while another creates, searches or signs. Keys are made rarely, so the writer costs
    // nothing on the signing path; an uncontended read entry costs tens of nanoseconds.
    private static readonly ReaderWriterLockSlim s_objects = new(LockRecursionPolicy.NoRecursion);

    private readonly Pkcs11InteropFactories _factories;
    private readonly IPkcs11Library _library;
    private readonly ISlot _slot;
    private readonly ISession _loginSession;
    private readonly string _pin;
    private readonly Lock _loginLock = new();
    private readonly ConcurrentBag<ISession> _idle = [];
    private int _disposed;

    private Pkcs11Token(Pkcs11InteropFactories factories, IPkcs11Library library, ISlot slot, ISession loginSession, string pin, string label)
    {
        _pin = pin;
        _factories = factories;
        _library = library;
        _slot = slot;
        _loginSession = loginSession;
        TokenLabel = label;
    }

    /// <summary>The label of the token in use.</summary>
    public string TokenLabel { get; }

    /// <summary>Loads the module, finds the token and logs in as its user.</summary>
    /// <exception cref="CryptographicException">The module does not load, no token matches, or the login fails (the message names the cause, never the PIN).</exception>
    public static Pkcs11Token Open(Pkcs11TokenOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if ((options.TokenLabel is null) == (options.SlotId is null))
        {
            throw new ArgumentException("Name the token by exactly one of TokenLabel and SlotId.", nameof(options));
        }

        var factories = s_factories;
        var library = Pkcs11Modules.Acquire(factories, options.ModulePath);
        try
        {
            var slot = Call(() => library.GetSlotList(SlotsType.WithTokenPresent)).FirstOrDefault(s => options.SlotId is { } id
                ? s.SlotId == id
                : s.GetTokenInfo().Label.TrimEnd() == options.TokenLabel)
                ?? throw new CryptographicException(options.SlotId is { } id
                    ? $"The PKCS#11 module has no initialised token in slot {id}."
                    : $"The PKCS#11 module has no token labelled '{options.TokenLabel}'.");
            var session = Call(() => slot.OpenSession(SessionType.ReadWrite));
            try
            {
                session.Login(CKU.CKU_USER, options.Pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
            }
            catch (Pkcs11Exception e)
            {
                session.Dispose();
                throw new CryptographicException($"The PKCS#11 login to the token failed: {e.RV}.");
            }

            return new Pkcs11Token(factories, library, slot, session, options.Pin, slot.GetTokenInfo().Label.TrimEnd());
        }
        catch
        {
            Pkcs11Modules.Release(library);
            throw;
        }
    }

    /// <summary>
    /// Creates a key pair in the token: the private key sensitive, non-extractable, usable only to sign, the public key
    /// beside it, both under a fresh <c>CKA_ID</c> and <paramref name="label"/>.
    /// </summary>
    /// <returns>The new key's <c>CKA_ID</c>; open it with <see cref="OpenKey"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="type"/> is not Ed25519, P-256 or P-384.</exception>
    /// <exception cref="CryptographicException">The token refused (e.g. it lacks the mechanism, or is full).</exception>
    public byte[] GenerateKey(KeyType type, string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        if (!Pkcs11Encoding.Supports(type))
        {
            throw new ArgumentException($"A token key cannot be {type}: Ed25519, P-256 or P-384.", nameof(type));
        }

        var id = RandomNumberGenerator.GetBytes(KeyIdSize);
        var a = _factories.ObjectAttributeFactory;
        var keyType = Pkcs11Encoding.KeyTypeCode(type);
        List<IObjectAttribute> publicTemplate =
        [
            a.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), a.Create(CKA.CKA_KEY_TYPE, keyType), a.Create(CKA.CKA_TOKEN, true),
            a.Create(CKA.CKA_PRIVATE, false), a.Create(CKA.CKA_VERIFY, true), a.Create(CKA.CKA_EC_PARAMS, Pkcs11Encoding.CurveParameters(type)),
            a.Create(CKA.CKA_ID, id), a.Create(CKA.CKA_LABEL, label),
        ];
        List<IObjectAttribute> privateTemplate =
        [
            a.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY), a.Create(CKA.CKA_KEY_TYPE, keyType), a.Create(CKA.CKA_TOKEN, true),
            a.Create(CKA.CKA_PRIVATE, true), a.Create(CKA.CKA_SENSITIVE, true), a.Create(CKA.CKA_EXTRACTABLE, false),
            a.Create(CKA.CKA_SIGN, true), a.Create(CKA.CKA_DECRYPT, false), a.Create(CKA.CKA_UNWRAP, false), a.Create(CKA.CKA_DERIVE, false),
            a.Create(CKA.CKA_ID, id), a.Create(CKA.CKA_LABEL, label),
        ];
        using var mechanism = _factories.MechanismFactory.Create(Pkcs11Encoding.GenerationMechanism(type));
        ChangeObjects(() => Call(() => _loginSession.GenerateKeyPair(mechanism, publicTemplate, privateTemplate, out _, out _)));

        return id;
    }

    /// <summary>
    /// The private key <paramref name="id"/> as a signing key, or null when the token holds no such key. The key must
    /// be of <paramref name="type"/> and keep its value inside the token (<see cref="Pkcs11KeyProtection.KeepsKeyInside"/>).
    /// </summary>
    /// <exception cref="CryptographicException">The key exists but is extractable, of another type, or lacks its public key.</exception>
    public ExternalPrivateKey? OpenKey(byte[] id, KeyType type)
    {
        ArgumentNullException.ThrowIfNull(id);
        if (!Pkcs11Encoding.Supports(type))
        {
            throw new ArgumentException($"A token key cannot be {type}.", nameof(type));
        }

        var found = WithSession(session =>
        {
            var handle = Find(session, CKO.CKO_PRIVATE_KEY, id);
            if (handle is null)
            {
                return ((IObjectHandle, PublicKey, Pkcs11KeyProtection)?)null;
            }

            var stored = session.GetAttributeValue(handle, [CKA.CKA_KEY_TYPE])[0].GetValueAsUlong();
            var publicHandle = Find(session, CKO.CKO_PUBLIC_KEY, id);
            var point = publicHandle is null ? null : session.GetAttributeValue(publicHandle, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
            var publicKey = stored == Pkcs11Encoding.KeyTypeCode(type) && point is not null ? Pkcs11Encoding.DecodePoint(type, point) : null;
            return publicKey is null
                ? throw new CryptographicException($"The token's key {Convert.ToHexString(id)} is not a {type} key with its public key beside it.")
                : (handle, publicKey, Protection(session, handle));
        });
        if (found is not { } key)
        {
            return null;
        }

        return key.Item3.KeepsKeyInside
            ? new ExternalPrivateKey(key.Item2, new Signer(this, id.ToArray(), key.Item1, Pkcs11Encoding.SignatureMechanism(type)))
            : throw new CryptographicException($"The token's key {Convert.ToHexString(id)} can leave the token (sensitive, never extractable and unreadable are required); it is not used.");
    }

    /// <summary>The protection of the private key <paramref name="id"/>, or null when the token holds no such key.</summary>
    /// <exception cref="CryptographicException">The token failed.</exception>
    public Pkcs11KeyProtection? GetProtection(byte[] id) => WithSession(session =>
        Find(session, CKO.CKO_PRIVATE_KEY, id) is { } handle ? Protection(session, handle) : (Pkcs11KeyProtection?)null);

    /// <summary>Destroys the key pair <paramref name="id"/>; false when the token holds no such key.</summary>
    /// <exception cref="CryptographicException">The token failed.</exception>
    public bool DestroyKey(byte[] id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var destroyed = false;
        ChangeObjects(() =>
        {
            var handles = new[] { CKO.CKO_PRIVATE_KEY, CKO.CKO_PUBLIC_KEY }.Select(c => Call(() => Find(_loginSession, c, id))).OfType<IObjectHandle>().ToList();
            foreach (var handle in handles)
            {
                Call(() => _loginSession.DestroyObject(handle));
            }

            destroyed = handles.Count > 0;
        });
        return destroyed;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        while (_idle.TryTake(out var session))
        {
            session.Dispose();
        }

        _loginSession.Dispose();
        Pkcs11Modules.Release(_library);
    }
}
