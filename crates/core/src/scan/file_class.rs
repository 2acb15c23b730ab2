//! What a file is, from its name alone: code, configuration or prose; XML
//! (values carry entities); a compose file; a test, example or
//! documentation tree (findings there get lower confidence).

use crate::grammar::assign;

/// What kind of file this is, from its name: it decides whether a bare
/// (unquoted) value is a literal or an expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileClass {
    Code,
    Config,
    Docs,
}

impl FileClass {
    pub fn of(path: &str) -> FileClass {
        let name = path
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(path)
            .to_ascii_lowercase();
        let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        const CODE: &[&str] = &[
            "cs",
            "vb",
            "fs",
            "java",
            "kt",
            "kts",
            "scala",
            "groovy",
            "gradle",
            "js",
            "jsx",
            "mjs",
            "cjs",
            "mts",
            "cts",
            "ts",
            "tsx",
            "py",
            "pyi",
            "pyx",
            "go",
            "rb",
            "php",
            "rs",
            "swift",
            "c",
            "cc",
            "cpp",
            "h",
            "hpp",
            "tf",
            "hcl",
            "bicepparam",
            "pp",
            "bicep",
            "ps1",
            "psm1",
            "lua",
            "pl",
            "pm",
            "r",
            "dart",
            "ex",
            "exs",
            "erl",
            "clj",
            "ipynb",
            "razor",
            "cshtml",
            "vue",
            "svelte",
            "sql",
            "rake",
            "gemspec",
            "ru",
            "jl",
            "nim",
            "zig",
            "m",
            "mm",
            "sc",
            "sbt",
            "cls",
            "bas",
            "vbs",
            "psd1",
            "jsonnet",
            "libsonnet",
        ];
        const DOCS: &[&str] = &[
            "md", "markdown", "mdx", "rst", "txt", "adoc", "asciidoc", "textile", "org",
        ];
        if CODE.contains(&ext) {
            FileClass::Code
        } else if DOCS.contains(&ext) {
            FileClass::Docs
        } else {
            FileClass::Config
        }
    }
}

/// Line-oriented formats where a bare value runs to the end of the line.
pub fn line_values_of(lpath: &str) -> assign::LineValues {
    let name = lpath.rsplit(['/', '\\']).next().unwrap_or(lpath);
    let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    let env_like = name == ".env" || name.starts_with(".env.") || name.ends_with(".env");
    let eq = env_like
        || matches!(
            ext,
            "properties" | "ini" | "cfg" | "conf" | "cnf" | "dsn" | "toml"
        );
    let colon = matches!(ext, "yml" | "yaml" | "properties");
    assign::LineValues { equals: eq, colon }
}

/// Files whose values carry XML entities (`&amp;`), by name.
pub fn is_xml(path: &str) -> bool {
    let p = path.to_ascii_lowercase();
    [
        ".xml",
        ".config",
        ".dtsconfig",
        ".csproj",
        ".vbproj",
        ".props",
        ".targets",
        ".pubxml",
        ".resx",
        ".xaml",
        ".wsdl",
        ".xsd",
        ".udl",
    ]
    .iter()
    .any(|e| p.ends_with(e))
}

/// Test, example and documentation trees: findings there are still
/// reported (people paste real passwords into them), with lower confidence.
pub fn is_example_path(path: &str) -> bool {
    const DIRS: &[&str] = &[
        "test",
        "tests",
        "testdata",
        "test-data",
        "spec",
        "specs",
        "example",
        "examples",
        "sample",
        "samples",
        "doc",
        "docs",
        "fixture",
        "fixtures",
        "mock",
        "mocks",
        "__tests__",
        "testing",
    ];
    let mut parts: Vec<&str> = path.split(['/', '\\']).collect();
    parts.pop(); // the file name itself
    parts
        .iter()
        .any(|p| DIRS.contains(&p.to_ascii_lowercase().as_str()))
        || path.rsplit(['/', '\\']).next().is_some_and(|n| {
            let n = n.to_ascii_lowercase();
            n.contains("example")
                || n.contains(".sample")
                || n.starts_with("test_")
                || n.contains("_test.")
                || n.contains(".test.")
                || n.contains(".spec.")
        })
}

pub fn is_compose_file(path: &str) -> bool {
    let name = path
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or(path)
        .to_ascii_lowercase();
    (name.starts_with("docker-compose") || name.starts_with("compose"))
        && (name.ends_with(".yml") || name.ends_with(".yaml"))
}

/// A CI pipeline definition: its database passwords are those of service
/// containers that live for one job.
pub fn is_ci_file(path: &str) -> bool {
    let p = path.replace('\\', "/").to_ascii_lowercase();
    let name = p.rsplit('/').next().unwrap_or(&p);
    p.contains(".github/workflows/")
        || p.contains(".circleci/")
        || p.contains(".buildkite/")
        || name == ".gitlab-ci.yml"
        || name == ".travis.yml"
        || name == "jenkinsfile"
        || name == "bitbucket-pipelines.yml"
        || name == ".drone.yml"
        || name == "appveyor.yml"
        || name == "cloudbuild.yaml"
        || (name.starts_with("azure-pipelines")
            && (name.ends_with(".yml") || name.ends_with(".yaml")))
}

/// A local development environment: compose files, dev containers.
pub fn is_local_dev_file(path: &str) -> bool {
    let p = path.replace('\\', "/").to_ascii_lowercase();
    is_compose_file(&p) || p.contains(".devcontainer/")
}
