using System.ComponentModel.DataAnnotations;

namespace NfvMano.Lifecycle.Notifications;

/// <summary>Settings of notification delivery, bound from <c>NfvMano:Notifications</c>.</summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "NfvMano:Notifications";

    /// <summary>
    /// The absolute URI of the API root as subscribers reach it (e.g. <c>https://mano.example.net</c>), used in the
    /// notifications' <c>_links</c>; when empty the links are absolute paths.
    /// </summary>
    public string? ApiRoot { get; set; }

    /// <summary>Attempts per notification and subscriber before delivery is given up.</summary>
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Wait before the second attempt; doubled after each failure, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Longest wait between two attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Timeout of one POST to a subscriber, and of the callback test.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the delivery worker looks for due work it was not told about.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a process holds a delivery it is sending before another may take it over.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Whether the subscription's callback is tested (GET expecting 204) when it is created, as SOL013 asks.</summary>
    public bool TestCallbackOnCreate { get; set; } = true;
}
