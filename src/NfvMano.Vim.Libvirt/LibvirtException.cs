namespace NfvMano.Vim.Libvirt;

/// <summary>A libvirt call failed; carries libvirt's own error code, error domain and message.</summary>
public sealed class LibvirtException : VimException
{
    /// <summary>Creates the exception.</summary>
    public LibvirtException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public LibvirtException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public LibvirtException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a failed call.</summary>
    /// <param name="operation">What was attempted, naming the host and object.</param>
    /// <param name="code">libvirt's <c>virErrorNumber</c>.</param>
    /// <param name="errorDomain">libvirt's <c>virErrorDomain</c> (which subsystem failed).</param>
    /// <param name="libvirtMessage">libvirt's message.</param>
    public LibvirtException(string operation, int code, int errorDomain, string libvirtMessage)
        : base($"{operation} failed: {libvirtMessage} (libvirt error {code}, domain {errorDomain})")
    {
        Operation = operation;
        Code = code;
        ErrorDomain = errorDomain;
        LibvirtMessage = libvirtMessage;
    }

    /// <summary>What was attempted.</summary>
    public string Operation { get; } = "";

    /// <summary>libvirt's <c>virErrorNumber</c>; see <see cref="LibvirtErrorCode"/> for the ones this adapter acts on.</summary>
    public int Code { get; }

    /// <summary>libvirt's <c>virErrorDomain</c>.</summary>
    public int ErrorDomain { get; }

    /// <summary>libvirt's own message.</summary>
    public string LibvirtMessage { get; } = "";
}

/// <summary>The libvirt error numbers this adapter distinguishes (<c>virErrorNumber</c>).</summary>
public static class LibvirtErrorCode
{
    /// <summary>VIR_ERR_NO_SUPPORT: the driver does not implement the call.</summary>
    public const int NoSupport = 3;

    /// <summary>VIR_ERR_XML_ERROR: the XML was rejected.</summary>
    public const int XmlError = 27;

    /// <summary>VIR_ERR_NO_DOMAIN: no such domain.</summary>
    public const int NoDomain = 42;

    /// <summary>VIR_ERR_NO_NETWORK: no such network.</summary>
    public const int NoNetwork = 43;

    /// <summary>VIR_ERR_NO_STORAGE_POOL: no such storage pool.</summary>
    public const int NoStoragePool = 49;

    /// <summary>VIR_ERR_NO_STORAGE_VOL: no such storage volume.</summary>
    public const int NoStorageVolume = 50;

    /// <summary>VIR_ERR_OPERATION_INVALID: the object is not in a state for that call (e.g. already running).</summary>
    public const int OperationInvalid = 55;

    /// <summary>VIR_ERR_NO_DOMAIN_METADATA: the domain has no metadata in that namespace.</summary>
    public const int NoDomainMetadata = 80;
}
