using System.Runtime.InteropServices;

namespace NfvMano.Vim.Libvirt.Interop;

/// <summary>Turns libvirt's C conventions (negative or NULL on failure, per-thread error) into exceptions.</summary>
internal static class Native
{
    /// <summary>
    /// Builds the exception for the call that just failed. Must run on the failing thread before anything
    /// else calls libvirt (libvirt keeps the last error per OS thread).
    /// </summary>
    internal static unsafe LibvirtException LastError(string operation)
    {
        var error = NativeMethods.virGetLastError();
        if (error == 0)
        {
            return new LibvirtException(operation, 0, 0, "libvirt reported no error detail");
        }

        var e = *(NativeError*)error;
        var message = e.Message == 0 ? "(no message)" : Marshal.PtrToStringUTF8(e.Message) ?? "";
        var result = new LibvirtException(operation, e.Code, e.Domain, message);
        NativeMethods.virResetLastError();
        return result;
    }

    /// <summary>Throws when a status call returned a negative value; returns the value otherwise.</summary>
    internal static int Check(int result, string operation) => result < 0 ? throw LastError(operation) : result;

    /// <summary>Throws when a lookup or create returned NULL; returns the handle otherwise.</summary>
    internal static T Check<T>(T handle, string operation)
        where T : LibvirtHandle
    {
        if (handle.IsInvalid)
        {
            var error = LastError(operation);
            handle.Dispose();
            throw error;
        }

        return handle;
    }

    /// <summary>Copies a libvirt-allocated string and frees it; throws when it is NULL (the call failed).</summary>
    internal static unsafe string TakeString(nint pointer, string operation)
    {
        if (pointer == 0)
        {
            throw LastError(operation);
        }

        try
        {
            return Marshal.PtrToStringUTF8(pointer) ?? "";
        }
        finally
        {
            NativeMemory.Free((void*)pointer);
        }
    }

    /// <summary>Copies a string libvirt keeps ownership of (a <c>const char*</c>).</summary>
    internal static string BorrowString(nint pointer, string operation) =>
        pointer == 0 ? throw LastError(operation) : Marshal.PtrToStringUTF8(pointer) ?? "";

    /// <summary>Wraps each element of a libvirt-allocated object array in its handle, then frees the array.</summary>
    internal static unsafe List<T> TakeArray<T>(nint array, int count)
        where T : LibvirtHandle, new()
    {
        var result = new List<T>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var handle = new T();
                handle.Adopt(((nint*)array)[i]);
                result.Add(handle);
            }
        }
        finally
        {
            NativeMemory.Free((void*)array);
        }

        return result;
    }

    /// <summary>Formats a UUID out of a 37-byte buffer filled by a <c>*GetUUIDString</c> call.</summary>
    internal static unsafe string Uuid(Func<nint, int> fill, string operation)
    {
        var buffer = stackalloc byte[37];
        Check(fill((nint)buffer), operation);
        return Marshal.PtrToStringUTF8((nint)buffer) ?? "";
    }
}
