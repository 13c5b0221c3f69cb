; Inno Setup 6.3+ script for Counter Workstation: a per-machine install for IT to push (GPO,
; Intune, SCCM). Built by packaging/build_windows.ps1, which passes:
;   /DAppVersion=0.1.0            from workstation/__init__.py
;   /DFileVersion=0.1.0.0         the same as four numbers
;   /DDistDir=<...>\CounterWorkstation   the PyInstaller onedir folder
;   /DOutputDir=<...>             where the setup .exe goes
;   /DUseSignTool /Ssigntool=...  only when a signing certificate is configured
;
; Where things live (workstation/paths.py, platformdirs):
;   {app}  = C:\Program Files\Counter Workstation           the program (read-only for users)
;   C:\ProgramData\SecretaryOfState\CounterWorkstation\settings.toml   machine defaults (IT)
;   %LOCALAPPDATA%\SecretaryOfState\CounterWorkstation\      a user's settings, SQLite database,
;                                                            logs and backups
; The installer creates the ProgramData folder (readable by users, writable by administrators)
; and never touches LocalAppData; uninstalling removes the program only, so a counter's data
; and IT's settings survive an uninstall/reinstall.

#ifndef AppVersion
  #error Pass /DAppVersion=x.y.z (build_windows.ps1 does)
#endif
#ifndef DistDir
  #error Pass /DDistDir=<PyInstaller dist>\CounterWorkstation (build_windows.ps1 does)
#endif
#ifndef FileVersion
  ; Windows wants four numbers (1.2.0.0); AppVersion may be "1.2.0rc1".
  #define FileVersion AppVersion
#endif
#ifndef OutputDir
  #define OutputDir "Output"
#endif

#define AppName "Counter Workstation"
#define AppExe "CounterWorkstation.exe"
#define AdminExe "workstation-admin.exe"
#define Publisher "Business Services Division, Office of the Secretary of State"
; ProgramData\<appauthor>\<appname>: must match paths.py (_APP_AUTHOR, APP_ID).
#define MachineConfigDir "{commonappdata}\SecretaryOfState\CounterWorkstation"

[Setup]
; The AppId identifies the product for upgrades: never change it.
AppId={{6F0B8C2E-4D1A-4E57-9C3B-2A7D5E8F1C04}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher={#Publisher}
VersionInfoVersion={#FileVersion}
VersionInfoProductName={#AppName}
; Per machine: Program Files, administrators only (IT deploys it; clerks cannot install).
PrivilegesRequired=admin
DefaultDirName={autopf}\{#AppName}
DisableDirPage=yes
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0
OutputDir={#OutputDir}
OutputBaseFilename=CounterWorkstation-{#AppVersion}-setup
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
; Close a running copy (Restart Manager) instead of asking the clerk to reboot.
CloseApplications=yes
RestartApplications=no
#ifdef UseSignTool
SignTool=signtool
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A onedir from an older version may hold files the new one no longer has; start clean.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#DistDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Dirs]
; Machine defaults deployed by IT. Kept on uninstall (IT's file, not ours).
Name: "{#MachineConfigDir}"; Flags: uninsneveruninstall

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
; ProgramData lets every user create files in new subfolders by inheritance; a clerk must not be
; able to plant machine settings. Replace the inherited ACL: SYSTEM and Administrators full
; control, Users read. SIDs, not names, so it works on any Windows language.
Filename: "{sys}\icacls.exe"; Parameters: """{#MachineConfigDir}"" /inheritance:r /grant:r *S-1-5-18:(OI)(CI)F *S-1-5-32-544:(OI)(CI)F *S-1-5-32-545:(OI)(CI)RX"; Flags: runhidden waituntilterminated; StatusMsg: "Securing the settings folder..."
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent unchecked
