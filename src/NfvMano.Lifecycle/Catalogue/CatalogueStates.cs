namespace NfvMano.Lifecycle.Catalogue;

/// <summary>SOL005 onboarding states of VNF packages and NSDs.</summary>
public static class OnboardingStates
{
    /// <summary>The info exists, no content yet (also where a failed onboarding returns).</summary>
    public const string Created = "CREATED";

    /// <summary>Content is being uploaded or fetched.</summary>
    public const string Uploading = "UPLOADING";

    /// <summary>Content is stored and being validated.</summary>
    public const string Processing = "PROCESSING";

    /// <summary>Content validated; usable.</summary>
    public const string Onboarded = "ONBOARDED";
}

/// <summary>SOL005 operational states.</summary>
public static class OperationalStates
{
    /// <summary>Usable for new instances.</summary>
    public const string Enabled = "ENABLED";

    /// <summary>Not usable for new instances.</summary>
    public const string Disabled = "DISABLED";

    /// <summary>Whether the value is one of the states.</summary>
    public static bool IsValid(string? value) => value is Enabled or Disabled;
}

/// <summary>SOL005 usage states.</summary>
public static class UsageStates
{
    /// <summary>Used by at least one instance.</summary>
    public const string InUse = "IN_USE";

    /// <summary>Not used by any instance.</summary>
    public const string NotInUse = "NOT_IN_USE";
}

/// <summary>The tenant of requests until authentication assigns tenants (issue: multi-tenancy).</summary>
public static class Tenants
{
    /// <summary>The single tenant of an installation without multi-tenancy.</summary>
    public const string Default = "default";

    /// <summary>
    /// Stands for every tenant in the read methods of the services (lists and gets): what an administrator reads
    /// with. Write methods compare it as a tenant id, so it finds nothing there.
    /// </summary>
    public const string All = "*";
}
