namespace Identity.Server.OpenApi;

/// <summary>
/// A member whose JSON may take several shapes (a string or an array, a DID or an issuer object): described as
/// <c>oneOf</c> these types by <see cref="SchemaTransformer"/>. The property is typed <see cref="object"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
internal sealed class OneOfAttribute(params Type[] types) : Attribute
{
    public IReadOnlyList<Type> Types { get; } = types;
}

/// <summary>An example of a request or response shape, in JSON, taken from the service's real flows.</summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class ExampleAttribute(string json) : Attribute
{
    public string Json { get; } = json;
}
