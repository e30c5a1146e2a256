using System.ComponentModel.DataAnnotations;

namespace NfvMano.Server.Hosting;

/// <summary>
/// Reads the options sections needed while services are being registered (which provider,
/// which exporter) before anything is registered or created, collecting every bad value of
/// every section with its full key; <see cref="ThrowIfAny"/> then stops the start in one go.
/// </summary>
internal sealed class StartupOptions(IConfiguration configuration)
{
    private readonly List<string> _problems = [];

    public T Bind<T>(string section, Func<T, IEnumerable<string>>? extraChecks = null)
        where T : class, new()
    {
        T options;
        try
        {
            options = configuration.GetSection(section).Get<T>() ?? new T();
        }
        catch (InvalidOperationException e)
        {
            // The binder names the key and the type: "Failed to convert configuration value at 'Database:Provider' …"
            _problems.Add(e.Message);
            return new T();
        }

        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        _problems.AddRange(results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        _problems.AddRange(extraChecks?.Invoke(options) ?? []);
        return options;
    }

    public void ThrowIfAny()
    {
        if (_problems.Count > 0)
        {
            throw new ConfigurationProblemException(_problems);
        }
    }
}
