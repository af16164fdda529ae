; Inno Setup script for Advisor Desk (Inno Setup 6). `python packaging\build.py` compiles it
; when ISCC.exe is installed, passing the defines below; by hand:
;   iscc /DAppVersion=0.1.0 /DSourceDir=dist\advisor-desk /DOutputDir=dist ^
;        /DIconFile=build\pyinstaller\icons\advisor-desk.ico packaging\windows\advisor-desk.iss
; Installs per user by default (no administrator needed on a managed laptop); the setup
; offers "for all users" when run elevated. Uninstall from Settings > Apps or the Start menu.

#ifndef AppVersion
  #error Pass /DAppVersion=X.Y.Z (build.py reads it from advisor_desk.__version__)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\advisor-desk"
#endif
#ifndef OutputDir
  #define OutputDir "..\..\dist"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\pyinstaller\icons\advisor-desk.ico"
#endif

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{07BC3EBA-2A34-4BE4-8DAE-9715A9E1E15A}
AppName=Advisor Desk
AppVersion={#AppVersion}
AppVerName=Advisor Desk {#AppVersion}
AppPublisher=Advisor Desk
DefaultDirName={autopf}\Advisor Desk
DefaultGroupName=Advisor Desk
DisableProgramGroupPage=yes
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#OutputDir}
OutputBaseFilename=advisor-desk-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\advisor-desk.exe
UninstallDisplayName=Advisor Desk
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
; Closes a running Advisor Desk before replacing its files.
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[InstallDelete]
; An upgrade replaces the whole program folder: no stale libraries from the last version.
Type: filesandordirs; Name: "{app}\_internal"

[Icons]
Name: "{group}\Advisor Desk"; Filename: "{app}\advisor-desk.exe"; WorkingDir: "{userdocs}"
Name: "{group}\Uninstall Advisor Desk"; Filename: "{uninstallexe}"
Name: "{autodesktop}\Advisor Desk"; Filename: "{app}\advisor-desk.exe"; WorkingDir: "{userdocs}"; Tasks: desktopicon

[Run]
Filename: "{app}\advisor-desk.exe"; Description: "{cm:LaunchProgram,Advisor Desk}"; Flags: nowait postinstall skipifsilent
