using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json;
using NfvMano.Placement.Fitting;

namespace NfvMano.Placement.Bench;

/// <summary>Writes the kit's result format (FORMAT.md §6).</summary>
public static class ResultWriter
{
    /// <summary>Writes the result document.</summary>
    public static void Write(Stream output, Scenario scenario, BenchOutcome outcome, PlacementOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(outcome);
        using var w = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false });
        w.WriteStartObject();
        w.WriteString("format", "nfvmano-placement-result/1");
        w.WriteString("scenario", scenario.Name);
        w.WriteStartObject("engine");
        w.WriteString("name", "nfvmano-placement");
        w.WriteString("version", typeof(PlacementEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.1.0");
        w.WriteString("runtime", RuntimeInformation.FrameworkDescription);
        w.WriteStartObject("config");
        w.WriteString("policy", scenario.Preference.ToString().ToLowerInvariant());
        w.WriteString("hostOrder", options.Preference.ToString().ToLowerInvariant() + " by free memory inside each host shape; the first " + outcome.Engine.CandidateHosts + " fitting hosts of every shape compete on fit cost");
        w.WriteBoolean("isolateOnSmt", options.IsolateOnSmt);
        w.WriteNumber("isolateOnSmtHeadroom", options.IsolateOnSmtHeadroom);
        w.WriteNumber("isolateOnSmtMinimumHeadroom", options.IsolateOnSmtMinimumHeadroom);
        w.WriteString("weigher", "spread pinned CPUs over cells; whole cores kept, tight page pools, SR-IOV cells kept for SR-IOV guests; "
            + (options.DemandWeight > 0 ? "among the cheapest few fits, what each takes from recent request shapes; " : "") + "memory order breaks ties");
        w.WriteNumber("demandWeight", options.DemandWeight);
        w.WriteNumber("candidateHosts", outcome.Engine.CandidateHosts);
        w.WriteNumber("threads", 1);
        w.WriteString("jit", "tiered compilation off: methods are fully optimised at first call (JIT time falls inside the loop)");
#if DEBUG
        w.WriteString("build", "Debug");
#else
        w.WriteString("build", "Release");
#endif
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteStartArray("placements");
        var accepted = 0;
        foreach (var d in outcome.Decisions)
        {
            w.WriteStartObject();
            w.WriteString("id", d.RequestId);
            if (d.Assignment is { } a)
            {
                accepted++;
                w.WriteString("host", a.Host);
                w.WriteStartArray("cells");
                foreach (var c in a.Cells)
                {
                    w.WriteStartObject();
                    w.WriteNumber("guestCell", c.GuestCell);
                    w.WriteNumber("hostCell", c.HostCell);
                    w.WriteStartArray("pinnedCpus");
                    foreach (var cpu in c.PinnedCpus)
                    {
                        w.WriteNumberValue(cpu);
                    }

                    w.WriteEndArray();
                    w.WriteNumber("memoryMiB", c.MemoryMiB);
                    w.WriteNumber("pageSizeKiB", c.PageSizeKiB);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteStartArray("vfs");
                foreach (var vf in a.Vfs)
                {
                    w.WriteStartObject();
                    w.WriteString("physnet", vf.Physnet);
                    w.WriteNumber("hostCell", vf.HostCell);
                    w.WriteNumber("slot", vf.Slot);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNull("reason");
            }
            else
            {
                w.WriteNull("host");
                w.WriteStartArray("cells");
                w.WriteEndArray();
                w.WriteStartArray("vfs");
                w.WriteEndArray();
                w.WriteString("reason", d.Reason);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        var decisions = outcome.Decisions.Count;
        w.WriteStartObject("summary");
        w.WriteNumber("accepted", accepted);
        w.WriteNumber("rejected", decisions - accepted);
        w.WriteNumber("decisions", decisions);
        w.WriteNumber("undecided", 0);
        w.WriteNumber("seconds", outcome.Seconds);
        w.WriteNumber("decisionsPerSecond", outcome.Seconds > 0 ? decisions / outcome.Seconds : 0);
        w.WriteEndObject();
        w.WriteEndObject();
    }
}
