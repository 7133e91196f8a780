using System.Security.Cryptography;
using Identity.Cryptography;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;

namespace Identity.Pkcs11;

public sealed partial class Pkcs11Token
{
    /// <summary>
    /// Runs <paramref name="work"/> on a pooled read-only session, never while the process changes the token's objects; a
    /// session that failed is closed, not pooled again.
    /// </summary>
    internal T WithSession<T>(Func<ISession, T> work)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        s_objects.EnterReadLock();
        try
        {
            var session = _idle.TryTake(out var pooled) ? pooled : Call(() => _slot.OpenSession(SessionType.ReadOnly));
            try
            {
                var result = Call(() => work(session));
                _idle.Add(session);
                return result;
            }
            catch
            {
                session.Dispose();
                throw;
            }
        }
        finally
        {
            s_objects.ExitReadLock();
        }
    }

    // Runs a change to the token's objects on the logged-in session, alone in the process (see s_objects).
    private void ChangeObjects(Action change)
    {
        s_objects.EnterWriteLock();
        try
        {
            lock (_loginLock)
            {
                change();
            }
        }
        finally
        {
            s_objects.ExitWriteLock();
        }
    }

    // Infrastructure failures of the device become CryptographicException, naming the call and its CKR_ code.
    private static T Call<T>(Func<T> call)
    {
        try
        {
            return call();
        }
        catch (Pkcs11Exception e)
        {
            throw new CryptographicException($"PKCS#11 {e.Method} failed: {e.RV}.", e);
        }
    }

    private static void Call(Action call) => Call(() =>
    {
        call();
        return true;
    });

    private IObjectHandle? Find(ISession session, CKO objectClass, ReadOnlySpan<byte> id)
    {
        var a = _factories.ObjectAttributeFactory;
        var found = session.FindAllObjects([a.Create(CKA.CKA_CLASS, objectClass), a.Create(CKA.CKA_ID, id.ToArray())]);
        return found.Count switch
        {
            0 => null,
            1 => found[0],
            _ => throw new CryptographicException($"The token holds {found.Count} objects of class {objectClass} with the id {Convert.ToHexString(id)}."),
        };
    }

    private static Pkcs11KeyProtection Protection(ISession session, IObjectHandle handle)
    {
        var flags = session.GetAttributeValue(handle, [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE]);
        bool readable;
        try
        {
            // A compliant token answers CKR_ATTRIBUTE_SENSITIVE (the binding marks the attribute unavailable) for a sensitive key.
            var value = session.GetAttributeValue(handle, [CKA.CKA_VALUE])[0];
            readable = !value.CannotBeRead && value.GetValueAsByteArray() is { Length: > 0 };
        }
        catch (Pkcs11Exception e) when (e.RV is CKR.CKR_ATTRIBUTE_SENSITIVE or CKR.CKR_ATTRIBUTE_TYPE_INVALID)
        {
            readable = false;
        }

        return new Pkcs11KeyProtection(
            flags[0].GetValueAsBool(), flags[1].GetValueAsBool(), flags[2].GetValueAsBool(), flags[3].GetValueAsBool(), readable);
    }

    /// <summary>Logs in again after the device ended the login (a restart of its service, a timeout); a login in force is kept.</summary>
    internal void LogIn()
    {
        lock (_loginLock)
        {
            try
            {
                _loginSession.Login(CKU.CKU_USER, _pin);
            }
            catch (Pkcs11Exception e) when (e.RV == CKR.CKR_USER_ALREADY_LOGGED_IN)
            {
            }
            catch (Pkcs11Exception e)
            {
                throw new CryptographicException($"The PKCS#11 login to the token failed: {e.RV}.");
            }
        }
    }

    /// <summary>Ends the login of every session of the process, as a device does when it restarts or times a login out.</summary>
    internal void LogOut()
    {
        lock (_loginLock)
        {
            Call(() => _loginSession.Logout());
        }
    }

    /// <summary>
    /// Signs in the token with one private key object. Object handles hold for every session of the application; when
    /// the device has ended the login or renumbered its objects, the signer logs in, finds the key by its id again and
    /// tries once more (whatever it then signs is still checked against the published key by <see cref="ExternalPrivateKey"/>).
    /// </summary>
    private sealed class Signer(Pkcs11Token token, byte[] id, IObjectHandle key, ulong mechanism) : IExternalSigner
    {
        private IObjectHandle _key = key;

        public byte[] Sign(ReadOnlySpan<byte> input)
        {
            var data = input.ToArray();
            try
            {
                return SignWith(Volatile.Read(ref _key), data);
            }
            catch (CryptographicException e) when (e.InnerException is Pkcs11Exception
            {
                RV: CKR.CKR_USER_NOT_LOGGED_IN or CKR.CKR_OBJECT_HANDLE_INVALID or CKR.CKR_KEY_HANDLE_INVALID,
            })
            {
                token.LogIn();
                var found = token.WithSession(session => token.Find(session, CKO.CKO_PRIVATE_KEY, id))
                    ?? throw new CryptographicException($"The token no longer holds the key {Convert.ToHexString(id)}.");
                Volatile.Write(ref _key, found);
                return SignWith(found, data);
            }
        }

        private byte[] SignWith(IObjectHandle handle, byte[] data) => token.WithSession(session =>
        {
            using var m = token._factories.MechanismFactory.Create(mechanism);
            return session.Sign(m, handle, data);
        });
    }
}
