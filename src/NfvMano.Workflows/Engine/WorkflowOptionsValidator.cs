using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace NfvMano.Workflows.Engine;

/// <summary>Checks <see cref="WorkflowOptions"/> at start, naming each bad key.</summary>
internal sealed class WorkflowOptionsValidator : IValidateOptions<WorkflowOptions>
{
    public ValidateOptionsResult Validate(string? name, WorkflowOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var problems = results.Select(r => $"{WorkflowOptions.SectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
        if (options.HeartbeatInterval >= options.LeaseDuration)
        {
            problems.Add($"{WorkflowOptions.SectionName}:HeartbeatInterval: must be shorter than {WorkflowOptions.SectionName}:LeaseDuration, or leases lapse while their owner lives.");
        }
        if (options.MaxStepWait <= options.SweepInterval)
        {
            problems.Add($"{WorkflowOptions.SectionName}:MaxStepWait: must be longer than {WorkflowOptions.SectionName}:SweepInterval, or a waiting step whose wake-up is lost fails before the sweeper resumes it.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
