using System.ComponentModel.DataAnnotations;

namespace NfvMano.Server.Hosting;

/// <summary>
/// Reads an options section eagerly, for settings needed while services are being registered
/// (which provider, which exporter), and reports every bad value with its full key.
/// </summary>
internal static class StartupOptions
{
    public static T Bind<T>(IConfiguration configuration, string section, Func<T, IEnumerable<string>>? extraChecks = null)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the target type: "Failed to convert configuration value at 'Database:Provider' …"
            throw new ConfigurationProblemException([e.Message]);
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var problems = results
            .Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}")
            .Concat(extraChecks?.Invoke(options) ?? [])
            .ToList();
        return problems.Count == 0 ? options : throw new ConfigurationProblemException(problems);
    }
}
