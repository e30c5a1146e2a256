using System.Net;

namespace NfvMano.Vim.OpenStack;

/// <summary>An OpenStack service refused a request; the message says which service, what and why.</summary>
public class OpenStackException : VimException
{
    /// <summary>Creates the exception.</summary>
    public OpenStackException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public OpenStackException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public OpenStackException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a refused request.</summary>
    public OpenStackException(string service, string operation, HttpStatusCode? status, string reason, Exception? innerException = null)
        : base($"{service} refused {operation}: {(status is { } s ? $"{(int)s} {s}: " : "")}{reason}", innerException!)
    {
        Service = service;
        Operation = operation;
        StatusCode = status;
        Reason = reason;
    }

    /// <summary>The service type that refused (<c>compute</c>, <c>network</c>, <c>image</c>, <c>identity</c>, <c>placement</c>).</summary>
    public string Service { get; } = "";

    /// <summary>What was asked (<c>POST /servers</c>).</summary>
    public string Operation { get; } = "";

    /// <summary>The HTTP status, when there was an answer.</summary>
    public HttpStatusCode? StatusCode { get; }

    /// <summary>The service's own explanation.</summary>
    public string Reason { get; } = "";
}

/// <summary>Nova's scheduler found no host for a server; the message carries the flavor and its extra specs.</summary>
public sealed class NoValidHostException : OpenStackException
{
    /// <summary>Creates the exception.</summary>
    public NoValidHostException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NoValidHostException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public NoValidHostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception for a server that went to ERROR with NoValidHost.</summary>
    public NoValidHostException(string server, string flavorDescription, string fault)
        : base("compute", $"placing server '{server}'", null,
            $"no valid host for flavor {flavorDescription} ({fault}). Nova's NUMATopologyFilter and PciPassthroughFilter " +
            "refuse hosts whose free pinned CPUs, pages or VFs per NUMA node do not fit these extra specs.")
    {
        Server = server;
        FlavorDescription = flavorDescription;
        Fault = fault;
    }

    /// <summary>The server that could not be placed.</summary>
    public string Server { get; } = "";

    /// <summary>The flavor: name, size and extra specs.</summary>
    public string FlavorDescription { get; } = "";

    /// <summary>Nova's fault message.</summary>
    public string Fault { get; } = "";
}
